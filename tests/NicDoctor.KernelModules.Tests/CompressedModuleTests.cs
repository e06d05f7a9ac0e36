namespace NicDoctor.KernelModules.Tests;

/// <summary>Compressed copies made by the real compressors read like the originals (kmod modinfo as reference).</summary>
public sealed class CompressedModuleTests
{
    public static TheoryData<string> Samples => ["i40e", "dummy", "ext4", "e1000e", "ixgbe"];

    [Theory]
    [MemberData(nameof(Samples))]
    public void XzAndZstdCopiesMatchKmodModinfo(string name)
    {
        string dir = TestArtifacts.ScratchDirectory();
        string plain = Path.Join(dir, name + ".ko");
        File.Copy(DebianKernel.Module(name), plain);
        // Kbuild's own options (scripts/Makefile.modinst).
        RealTools.Run("xz", ["--check=crc32", "--lzma2=dict=1MiB", "-k", plain]);
        RealTools.Run("zstd", ["-q", "-T0", "--rm", "-k", plain]);
        foreach (string file in new[] { plain + ".xz", plain + ".zst" })
        {
            var ours = new StringWriter();
            ModinfoText.Write(ours, ModuleInfo.FromFile(file));
            ModinfoParityTests.AssertSameText(RealTools.Run("modinfo", [file]), ours.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void GzipCopyMatchesKmodModinfoOfTheOriginal(string name)
    {
        // This kmod is built without zlib (modinfo -V: -ZLIB), so the reference is the uncompressed file.
        string dir = TestArtifacts.ScratchDirectory();
        string plain = Path.Join(dir, name + ".ko");
        File.Copy(DebianKernel.Module(name), plain);
        RealTools.Run("gzip", ["-9", "-k", plain]);
        var ours = new StringWriter();
        ModinfoText.Write(ours, ModuleInfo.FromFile(plain + ".gz", plain));
        ModinfoParityTests.AssertSameText(RealTools.Run("modinfo", [plain]), ours.ToString());
        Assert.Equal(Compression.ModuleCompression.Gzip, ModuleFile.Open(plain + ".gz").Compression);
    }

    [Fact]
    public void CompressionIsFoundByMagicNotByName()
    {
        string dir = TestArtifacts.ScratchDirectory();
        string plain = Path.Join(dir, "dummy.ko");
        File.Copy(DebianKernel.Module("dummy"), plain);
        RealTools.Run("zstd", ["-q", plain, "-o", Path.Join(dir, "misnamed.ko.xz")]);
        ModuleFile module = ModuleFile.Open(Path.Join(dir, "misnamed.ko.xz"));
        Assert.Equal(Compression.ModuleCompression.Zstd, module.Compression);
        Assert.Equal(File.ReadAllBytes(plain), module.Contents.ToArray());
    }
}
