using System.Text.Json;
using NicDoctor.Evidence;

namespace NicDoctor.Cli.Tests;

public class SampleIncidentTests
{
    private static string SampleDir => Path.Combine(RepoPaths.Root, "samples", "i40e-queue44");

    [Fact]
    public void Embedded_sample_holds_exactly_the_files_of_the_samples_folder()
    {
        var onDisk = Directory.GetFiles(SampleDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(SampleDir, f)).Order(StringComparer.Ordinal).ToArray();
        var embedded = EmbeddedSamples.Files("i40e-queue44").Select(f => f.Path).ToArray();
        Assert.Equal(onDisk, embedded);
        foreach (string rel in onDisk)
        {
            using Stream s = EmbeddedSamples.Open("i40e-queue44", rel);
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            Assert.Equal(File.ReadAllBytes(Path.Combine(SampleDir, rel)), ms.ToArray());
        }
    }

    [Fact]
    public void Sample_keeps_the_seed_warning_block_verbatim()
    {
        // The seed case quotes these lines; the sample must carry them unchanged.
        string dmesg = File.ReadAllText(Path.Combine(SampleDir, "dmesg_-T"));
        Assert.Contains("[Thu Nov  5 16:44:42 2020] NETDEV WATCHDOG: eno3 (i40e): transmit queue 44 timed out\n", dmesg, StringComparison.Ordinal);
        Assert.Contains("WARNING: CPU: 45 PID: 0 at net/sched/sch_generic.c:300 dev_watchdog+0x242/0x250", dmesg, StringComparison.Ordinal);
        Assert.Contains("---[ end trace 3ee13723496196b6 ]---", dmesg, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sample_log_line_is_quoted_in_the_seed_case()
    {
        // The seed lives in the steering repo's shared/ folder, beside the checkout in CI.
        string seedPath = Path.Combine(RepoPaths.Root, "..", "shared", "seed", "000_8098d45c0a43bfdf.txt");
        Assert.SkipUnless(File.Exists(seedPath), $"seed case not found at {seedPath}");
        string seed = File.ReadAllText(seedPath);
        string dmesg = File.ReadAllText(Path.Combine(SampleDir, "dmesg_-T"));
        foreach (string line in dmesg.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.Contains(line, seed, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_sample_lists_the_evidence_as_json()
    {
        CliResult r = CliRunner.Run("diagnose", "--sample", "i40e-queue44", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("i40e-queue44", doc.RootElement.GetProperty("sample").GetString());
        var files = doc.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("size").GetInt64());
        Assert.Equal(new FileInfo(Path.Combine(SampleDir, "dmesg_-T")).Length, files["dmesg_-T"]);
        Assert.Contains("ethtool_-S_eno3", files.Keys);
    }

    [Fact]
    public void Unknown_sample_is_a_usage_error()
    {
        CliResult r = CliRunner.Run("diagnose", "--sample", "nope");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("nicdoctor: usage: ", r.Stderr, StringComparison.Ordinal);
    }
}
