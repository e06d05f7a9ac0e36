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
    public void Diagnose_sample_gives_the_seed_verdict_as_json_and_exit_1()
    {
        CliResult r = CliRunner.Run("diagnose", "--sample", "i40e-queue44", "--json");
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("sample:i40e-queue44", doc.RootElement.GetProperty("source").GetString());
        JsonElement report = doc.RootElement.GetProperty("report");
        Assert.True(report.GetProperty("problemFound").GetBoolean());
        string verdict = report.GetProperty("verdict").GetString()!;
        Assert.Contains("eno3", verdict, StringComparison.Ordinal);
        Assert.Contains("i40e 1.6.27-k", verdict, StringComparison.Ordinal);
        Assert.Contains("2.3.6", verdict, StringComparison.Ordinal);
        var ids = report.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToArray();
        Assert.Equal(["ND0101", "ND0002", "ND0001", "ND0103"], ids);
        var weak = report.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "ND0103");
        Assert.True(weak.GetProperty("weak").GetBoolean());
        Assert.Equal("Info", weak.GetProperty("severity").GetString());
        // Text stays readable for people and grep: "+15" is written as it is, not as "\u002B15"
        // (System.Text.Json's default encoder).
        Assert.Contains("(+15, in 4 of 4 intervals)", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_reads_the_same_evidence_from_a_directory()
    {
        CliResult fromDir = CliRunner.Run("diagnose", SampleDir, "--json");
        CliResult fromSample = CliRunner.Run("diagnose", "--sample", "i40e-queue44", "--json");
        Assert.Equal(1, fromDir.ExitCode);
        using var a = JsonDocument.Parse(fromDir.Stdout);
        using var b = JsonDocument.Parse(fromSample.Stdout);
        Assert.Equal(b.RootElement.GetProperty("report").GetProperty("verdict").GetString(),
            a.RootElement.GetProperty("report").GetProperty("verdict").GetString());
    }

    [Fact]
    public void Diagnose_human_output_leads_with_the_verdict()
    {
        CliResult r = CliRunner.Run("diagnose", "--sample", "i40e-queue44", "--no-color");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("CRITICAL: eno3: i40e 1.6.27-k lacks the hung-queue recovery", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("rx-44.rx_packets stayed at 49882", r.Stdout.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_of_a_missing_source_is_an_input_error()
    {
        CliResult r = CliRunner.Run("diagnose", "/nonexistent/sosreport.tar.xz");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("nicdoctor: /nonexistent/sosreport.tar.xz: not found", r.Stderr.Trim());
    }

    [Fact]
    public void Diagnose_live_host_completes_and_lists_its_interfaces()
    {
        CliResult r = CliRunner.Run("diagnose", "--json", "--samples", "2", "--interval", "0");
        Assert.True(r.ExitCode is 0 or 1, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("live host", doc.RootElement.GetProperty("source").GetString());
        var nics = doc.RootElement.GetProperty("report").GetProperty("nics").EnumerateArray()
            .Select(n => n.GetProperty("interface").GetString()).ToArray();
        string[] expected = Directory.GetFileSystemEntries("/sys/class/net").Select(Path.GetFileName).Where(n => n != "lo").Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(expected, nics);
    }

    [Fact]
    public void Unknown_sample_is_a_usage_error()
    {
        CliResult r = CliRunner.Run("diagnose", "--sample", "nope");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("nicdoctor: usage: ", r.Stderr, StringComparison.Ordinal);
    }
}
