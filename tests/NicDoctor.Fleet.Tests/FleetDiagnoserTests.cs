using System.Text.Json;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Fleet.Summary;

namespace NicDoctor.Fleet.Tests;

public class FleetDiagnoserTests
{
    /// <summary>Copies the seed sample as HOST with a uname -a naming it (sosreport's path).</summary>
    internal static void CopySeed(string target, string host)
    {
        Directory.CreateDirectory(Path.Combine(target, "sos_commands", "kernel"));
        foreach (string f in Directory.GetFiles(TestPaths.SeedSample))
            File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        File.WriteAllText(Path.Combine(target, "sos_commands", "kernel", "uname_-a"),
            $"Linux {host} 3.10.0-693.el7.x86_64 #1 SMP Thu Jul 6 19:56:57 EDT 2017 x86_64 x86_64 x86_64 GNU/Linux\n");
    }

    [Fact]
    public void One_row_per_bundle_with_the_diagnose_verdict_and_an_unreadable_one_is_a_row_not_a_crash()
    {
        using var tmp = new TempDir();
        string fleet = tmp.Sub("fleet");
        Directory.CreateDirectory(fleet);
        CopySeed(Path.Combine(fleet, "sosreport-db-02"), "db-02");
        CopySeed(Path.Combine(fleet, "sosreport-db-01"), "db-01");
        File.WriteAllText(Path.Combine(fleet, "broken.tar.gz"), "not a tarball");
        File.WriteAllText(Path.Combine(fleet, "notes.txt"), "ignored");

        FleetSummary summary = FleetDiagnoser.Diagnose(fleet, RuleBook.Load(), parallelism: 2);

        Assert.Equal(["broken.tar.gz", "db-01", "db-02"], summary.Hosts.Select(h => h.Host).ToArray());
        foreach (FleetHostRow row in summary.Hosts.Skip(1))
        {
            // Seed README: i40e 1.6.27-k on eno3, rx-44 frozen while tx-44 moves; ND0101 is the cause.
            Assert.True(row.ProblemFound);
            Assert.Equal(["i40e"], row.Drivers);
            Assert.Equal(["1.6.27-k"], row.DriverVersions);
            Assert.Equal(["eno3:44"], row.StalledQueues);
            Assert.Contains("ND0101", row.FindingIds);
            Assert.Null(row.Error);
        }
        Assert.NotNull(summary.Hosts[0].Error);
        Assert.Equal(2, summary.ProblemHosts);
        Assert.Equal(1, summary.UnreadableBundles);
    }

    [Fact]
    public void Cli_diagnose_fleet_json_has_one_row_per_host_and_exits_1_on_a_problem()
    {
        using var tmp = new TempDir();
        string fleet = tmp.Sub("fleet");
        CopySeed(Path.Combine(fleet, "a"), "web-1");
        ToolResult r = Tool.Run(TestPaths.Cli, "diagnose", "--fleet", fleet, "--json");
        Assert.Equal(1, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement host = Assert.Single(doc.RootElement.GetProperty("hosts").EnumerateArray());
        Assert.Equal("web-1", host.GetProperty("host").GetString());
        Assert.Equal("eno3:44", host.GetProperty("stalledQueues")[0].GetString());
        Assert.True(host.GetProperty("problemFound").GetBoolean());

        ToolResult human = Tool.Run(TestPaths.Cli, "diagnose", "--fleet", fleet, "--no-color");
        Assert.Equal(1, human.ExitCode);
        Assert.Contains("web-1", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 host(s): 1 with a problem", human.Stdout, StringComparison.Ordinal);

        ToolResult both = Tool.Run(TestPaths.Cli, "diagnose", "x", "--fleet", fleet);
        Assert.Equal(2, both.ExitCode);
    }
}
