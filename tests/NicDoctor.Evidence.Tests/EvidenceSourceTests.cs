using NicDoctor.Evidence.Sources;

namespace NicDoctor.Evidence.Tests;

public class EvidenceSourceTests
{
    private static string SampleDir => Path.Combine(Tooling.RepoRoot, "samples", "i40e-queue44");

    [Theory]
    [InlineData("J", "tar.xz")]
    [InlineData("z", "tar.gz")]
    [InlineData("j", "tar.bz2")]
    public void Tarball_made_by_gnu_tar_reads_like_the_directory(string flag, string ext)
    {
        string dir = Directory.CreateTempSubdirectory("nd-tar-").FullName;
        try
        {
            // sosreports wrap everything in one top directory; so does this fixture.
            string top = Path.Combine(dir, "sosreport-host-2020");
            CopyTree(SampleDir, top);
            string tarball = Path.Combine(dir, "report." + ext);
            var (code, _, err) = Tooling.Run("tar", "-c" + flag + "f", tarball, "-C", dir, "sosreport-host-2020");
            Assert.True(code == 0, err);

            using var fromDir = new DirectoryEvidenceSource(SampleDir);
            using var fromTar = new TarEvidenceSource(tarball);
            Assert.Equal(fromDir.Files, fromTar.Files);
            foreach (string f in fromDir.Files.Where(EvidenceCatalog.IsWanted))
                Assert.Equal(File.ReadAllBytes(Path.Combine(SampleDir, f)), ReadAll(fromTar.Open(f)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Directory_source_looks_through_a_single_top_directory()
    {
        string dir = Directory.CreateTempSubdirectory("nd-dir-").FullName;
        try
        {
            CopyTree(SampleDir, Path.Combine(dir, "nicdoctor-bundle-x"));
            using var source = new DirectoryEvidenceSource(dir);
            Assert.Contains("ethtool_-S_eno3", source.Files);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Catalog_finds_items_in_flat_and_sosreport_layouts()
    {
        string[] flat = ["dmesg_-T", "ethtool_-S_eno3", "ethtool_-i_eno3", "lspci", "uname_-r"];
        string[] sos =
        [
            "sos_commands/kernel/dmesg", "sos_commands/kernel/dmesg_-T", "sos_commands/networking/ethtool_-S_eno3",
            "sos_commands/networking/ethtool_-S_eno4", "sos_commands/pci/lspci_-nnvv", "sos_commands/pci/lspci",
        ];
        Assert.Equal(["ethtool_-S_eno3"], EvidenceCatalog.Find(flat, EvidenceItem.EthtoolStats, "eno3"));
        Assert.Equal(["sos_commands/networking/ethtool_-S_eno3"], EvidenceCatalog.Find(sos, EvidenceItem.EthtoolStats, "eno3"));
        Assert.Equal("sos_commands/kernel/dmesg", EvidenceCatalog.Find(sos, EvidenceItem.KernelRingBuffer).First());
        Assert.Equal("sos_commands/pci/lspci_-nnvv", EvidenceCatalog.Find(sos, EvidenceItem.Lspci).First());
        Assert.Equal(["eno3", "eno4"], EvidenceCatalog.Interfaces(sos));
        Assert.Equal(["eno3"], EvidenceCatalog.Interfaces(flat));
    }

    [Fact]
    public void Embedded_sample_source_serves_the_sample()
    {
        using var source = new EmbeddedSampleSource("i40e-queue44");
        Assert.Equal(["eno3"], EvidenceCatalog.Interfaces(source.Files));
        Assert.Equal(File.ReadAllBytes(Path.Combine(SampleDir, "ethtool_-i_eno3")), ReadAll(source.Open("ethtool_-i_eno3")));
        Assert.Throws<FileNotFoundException>(() => source.Open("nope"));
    }

    [Fact]
    public void Garbage_tarball_is_a_format_error_naming_the_file()
    {
        string file = Path.Combine(Path.GetTempPath(), $"nd-garbage-{Guid.NewGuid():N}.tar.gz");
        File.WriteAllBytes(file, [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0x01, 0x02, 0x03]);
        try
        {
            var ex = Assert.ThrowsAny<InvalidDataException>(() => new TarEvidenceSource(file));
            Assert.StartsWith(file + ": offset 0x", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static byte[] ReadAll(Stream s)
    {
        using (s)
        using (var ms = new MemoryStream())
        {
            s.CopyTo(ms);
            return ms.ToArray();
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string dest = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(f, dest);
        }
    }
}
