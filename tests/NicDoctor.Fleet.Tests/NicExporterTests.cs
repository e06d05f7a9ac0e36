using System.Text.RegularExpressions;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Fleet.Exporter;
using NicDoctor.Fleet.Metrics;

namespace NicDoctor.Fleet.Tests;

public partial class NicExporterTests
{
    private static NicExporter Replay(params string[] dirs) =>
        new(new ReplayCounterFeed(dirs), KernelEventCounter.FromCaptures(dirs), RuleBook.Load(), window: 5);

    private static double? Value(IReadOnlyList<MetricFamily> families, string name, params (string Label, string Value)[] labels)
    {
        MetricFamily family = families.Single(f => f.Name == name);
        foreach (var (values, value, _) in family.Series)
        {
            if (labels.All(l => values[family.LabelNames.ToList().IndexOf(l.Label)] == l.Value))
                return value;
        }
        return null;
    }

    [Fact]
    public void Seed_sample_replays_recorded_counters_and_the_stall_gauge_turns_on_with_three_readings()
    {
        // Oracle: the recorded values, read from the capture with a regex, not with the Nic parser.
        string capture = File.ReadAllText(Path.Combine(TestPaths.SeedSample, "ethtool_-S_eno3"));
        ulong[] tx = [.. TxPackets44().Matches(capture).Select(m => ulong.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
        ulong[] rx = [.. RxPackets44().Matches(capture).Select(m => ulong.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(5, tx.Length);

        using NicExporter exporter = Replay(TestPaths.SeedSample);
        var q44 = new[] { ("device", "eno3"), ("queue", "44") };
        for (int k = 0; k < 5; k++)
        {
            IReadOnlyList<MetricFamily> scrape = exporter.Scrape();
            Assert.Equal(tx[k], Value(scrape, MetricNames.QueuePackets, [.. q44, ("direction", "tx")]));
            Assert.Equal(rx[k], Value(scrape, MetricNames.QueuePackets, [.. q44, ("direction", "rx")]));
            // The seed README: rx-44 frozen while tx-44 moves. Two intervals are needed to say so.
            double? stalled = Value(scrape, MetricNames.QueueStalled, q44);
            if (k < 2)
                Assert.NotEqual(1, stalled);
            else
                Assert.Equal(1, stalled);
        }
        // Past the recording: tx keeps its last step, rx stays frozen, the gauge stays on.
        IReadOnlyList<MetricFamily> later = [];
        for (int k = 5; k < 9; k++)
            later = exporter.Scrape();
        Assert.Equal(tx[4] + (4 * (tx[4] - tx[3])), Value(later, MetricNames.QueuePackets, [.. q44, ("direction", "tx")]));
        Assert.Equal(rx[4], Value(later, MetricNames.QueuePackets, [.. q44, ("direction", "rx")]));
        Assert.Equal(1, Value(later, MetricNames.QueueStalled, q44));

        // ethtool_-i_eno3 says i40e 1.6.27-k; rule ND0101's in-kernel fix is 2.3.0.
        Assert.Equal(1, Value(later, MetricNames.NicInfo, ("device", "eno3"), ("driver", "i40e"), ("version", "1.6.27-k"), ("bus", "0000:1a:00.2")));
        Assert.Equal(0, Value(later, MetricNames.DriverKnownFixed, ("device", "eno3"), ("rule", "ND0101")));
        // dmesg_-T holds one NETDEV WATCHDOG line for eno3.
        int watchdogLines = File.ReadLines(Path.Combine(TestPaths.SeedSample, "dmesg_-T")).Count(l => l.Contains("NETDEV WATCHDOG: eno3", StringComparison.Ordinal));
        Assert.Equal(watchdogLines, Value(later, MetricNames.KernelEvents, ("kind", "netdev-watchdog"), ("device", "eno3")));

        ToolResult check = Tool.PromtoolCheckMetrics(ExpositionWriter.ToText(later));
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
    }

    [Fact]
    public void Healthy_64_queue_nic_is_never_stalled_and_a_frozen_rx_queue_is()
    {
        using var tmp = new TempDir();
        string healthy = CaptureFixture.Write(tmp.Sub("healthy"), "ens1f0", 64, 5, "2.13.10");
        string sick = CaptureFixture.Write(tmp.Sub("sick"), "ens2f0", 64, 5, "2.13.10", frozenRx: 17);
        using NicExporter exporter = Replay(healthy, sick);
        IReadOnlyList<MetricFamily> scrape = [];
        for (int k = 0; k < 8; k++)
        {
            scrape = exporter.Scrape();
            MetricFamily stalled = scrape.Single(f => f.Name == MetricNames.QueueStalled);
            Assert.DoesNotContain(stalled.Series, s => s.Labels[0] == "ens1f0" && s.Value != 0);
        }
        MetricFamily gauge = scrape.Single(f => f.Name == MetricNames.QueueStalled);
        Assert.Equal(["17"], gauge.Series.Where(s => s.Value == 1).Select(s => s.Labels[2]).ToArray());
        Assert.Equal(64, gauge.Series.Count(s => s.Labels[0] == "ens1f0"));
        Assert.Equal(64 * 2 * 2, scrape.Single(f => f.Name == MetricNames.QueuePackets).Series.Count);
        Assert.Equal(1, Value(scrape, MetricNames.DriverKnownFixed, ("device", "ens1f0"), ("rule", "ND0101")));
    }

    [GeneratedRegex(@"tx-44\.tx_packets: (\d+)")]
    private static partial Regex TxPackets44();

    [GeneratedRegex(@"rx-44\.rx_packets: (\d+)")]
    private static partial Regex RxPackets44();
}
