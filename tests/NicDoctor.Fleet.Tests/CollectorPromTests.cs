using NicDoctor.Fleet.Exporter;
using NicDoctor.Fleet.Metrics;

namespace NicDoctor.Fleet.Tests;

/// <summary>The POSIX collector's <c>--prom</c> output: valid exposition, and the same series the exporter writes.</summary>
public class CollectorPromTests
{
    [Theory]
    [InlineData("dash")]
    [InlineData("busybox")]
    public void Prom_file_passes_promtool_and_matches_the_exporter_on_this_host(string shell)
    {
        using var tmp = new TempDir();
        string[] args = shell == "busybox" ? ["sh", TestPaths.Collector, "--prom", tmp.Path] : [TestPaths.Collector, "--prom", tmp.Path];
        ToolResult r = Tool.Run(shell, args);
        Assert.True(r.ExitCode == 0, r.Stderr);
        string promPath = Path.Combine(tmp.Path, "nicdoctor.prom");
        Assert.Equal(promPath, r.Stdout.Trim());
        Assert.Equal(["nicdoctor.prom"], Directory.GetFiles(tmp.Path).Select(Path.GetFileName).ToArray()); // temp file renamed away
        string prom = File.ReadAllText(promPath);
        ToolResult check = Tool.PromtoolCheckMetrics(prom);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr + prom);

        // tx_timeout values are the kernel's own sysfs files.
        foreach (string q in Directory.GetDirectories("/sys/class/net").Where(d => Path.GetFileName(d) != "lo")
                     .SelectMany(d => Directory.GetDirectories(Path.Combine(d, "queues"), "tx-*")))
        {
            string dev = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(q)))!;
            string line = $"nicdoctor_queue_tx_timeouts_total{{device=\"{dev}\",queue=\"{Path.GetFileName(q)[3..]}\"}} {File.ReadAllText(Path.Combine(q, "tx_timeout")).Trim()}";
            Assert.Contains(line, prom.Split('\n'));
        }

        // Same series (name + labels) as the exporter reading the live host.
        using var exporter = new NicExporter(new LiveCounterFeed(), events: null, rules: null);
        string exported = ExpositionWriter.ToText(exporter.Scrape());
        string[] shared = [MetricNames.QueuePackets, MetricNames.QueueBytes, MetricNames.QueueTxTimeouts, MetricNames.NicInfo];
        Assert.Equal(Series(exported, shared), Series(prom, shared));
    }

    // "name{labels}" of every sample line of the given metrics (values move on a live host).
    private static string[] Series(string text, string[] names) =>
        [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#' && names.Any(n => l.StartsWith(n + "{", StringComparison.Ordinal)))
            .Select(l => l[..l.LastIndexOf(' ')]).Order(StringComparer.Ordinal)];
}
