using NicDoctor.Evidence.Collector;
using NicDoctor.Evidence.Sources;

namespace NicDoctor.Evidence.Tests;

public class CollectorScriptTests
{
    [Fact]
    public void Embedded_script_is_the_repository_file()
    {
        Assert.Equal(File.ReadAllText(Tooling.CollectorPath), CollectorScript.Text);
    }

    [Fact]
    public void Script_passes_shellcheck_as_posix_sh()
    {
        var (code, stdout, stderr) = Tooling.Run("shellcheck", "-s", "sh", Tooling.CollectorPath);
        Assert.True(code == 0, stdout + stderr);
    }

    [Theory]
    [InlineData("dash")]
    [InlineData("busybox")]
    public void Script_runs_under_minimal_shells_and_the_bundle_reads_back(string shell)
    {
        string dir = Directory.CreateTempSubdirectory("nd-collect-").FullName;
        try
        {
            string bundle = Path.Combine(dir, "b.tar.gz");
            string[] args = shell == "busybox"
                ? ["sh", Tooling.CollectorPath, "-n", "2", "-i", "0", "-o", bundle]
                : [Tooling.CollectorPath, "-n", "2", "-i", "0", "-o", bundle];
            var (code, stdout, stderr) = Tooling.Run(shell, args);
            Assert.True(code == 0, $"{shell} exit {code}: {stderr}");
            Assert.Equal(bundle, stdout.Trim());

            using var source = new TarEvidenceSource(bundle);
            // Oracle: the live kernel's own view, read independently of the collector.
            string release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
            string? releasePath = EvidenceCatalog.Find(source.Files, EvidenceItem.KernelRelease).FirstOrDefault();
            Assert.NotNull(releasePath);
            using (var r = new StreamReader(source.Open(releasePath)))
                Assert.Equal(release, r.ReadToEnd().Trim());

            string[] expectedIfaces = Directory.GetFileSystemEntries("/sys/class/net")
                .Select(Path.GetFileName).Where(n => n != "lo").Order(StringComparer.Ordinal).ToArray()!;
            Assert.Equal(expectedIfaces, EvidenceCatalog.Interfaces(source.Files));

            Assert.Contains("nicdoctor/manifest.tsv", source.Files);
            using (var m = new StreamReader(source.Open("nicdoctor/manifest.tsv")))
                Assert.StartsWith("path\tstatus\tstarted\tended\tsource", m.ReadLine(), StringComparison.Ordinal);

            // ethtool is installed here: every interface got both framed samples.
            foreach (string iface in expectedIfaces)
            {
                string stats = EvidenceCatalog.Find(source.Files, EvidenceItem.EthtoolStats, iface).First();
                using var s = new StreamReader(source.Open(stats));
                string text = s.ReadToEnd();
                Assert.Equal(2, text.Split('\n').Count(l => l.StartsWith("### nicdoctor-sample ", StringComparison.Ordinal)));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Bad_arguments_fail_without_writing_anything()
    {
        string dir = Directory.CreateTempSubdirectory("nd-collect-").FullName;
        try
        {
            var (code, _, stderr) = Tooling.Run("dash", Tooling.CollectorPath, "-n", "x", "-o", Path.Combine(dir, "b.tar.gz"));
            Assert.Equal(2, code);
            Assert.Contains("-n: not a number: x", stderr, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
