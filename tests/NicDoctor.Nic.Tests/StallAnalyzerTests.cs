using NicDoctor.Nic.Queues;
using NicDoctor.Nic.Sampling;
using NicDoctor.Nic.Sources;

namespace NicDoctor.Nic.Tests;

/// <summary>The stall verdict on the seed's five snapshots and on synthetic series.</summary>
public class StallAnalyzerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Samples 1 s apart of ixgbe-style counters: per sample, per queue (rx, tx) packets.</summary>
    private static List<NicSample> Series(params (ulong Rx, ulong Tx)[][] perSample) =>
        [.. perSample.Select((queues, i) =>
        {
            var names = new List<string>();
            var values = new List<ulong>();
            for (int q = 0; q < queues.Length; q++)
            {
                names.Add($"rx_queue_{q}_packets");
                values.Add(queues[q].Rx);
                names.Add($"tx_queue_{q}_packets");
                values.Add(queues[q].Tx);
            }
            return new NicSample(T0.AddSeconds(i), new StatsSnapshot(names, values));
        })];

    [Fact]
    public void Seed_flags_rx_44_frozen_while_tx_44_rises()
    {
        using var source = new CaptureDirectorySource(TestPaths.SeedSample);
        var samples = source.Samples("eno3", 1, TimeSpan.Zero, SystemSampleClock.Instance, TestContext.Current.CancellationToken);
        NicStatsReport report = StallAnalyzer.Analyze("eno3", samples);

        QueuePairReport q44 = Assert.Single(report.Queues);
        Assert.Equal(44, q44.Queue);
        Assert.Equal(QueueVerdict.Stalled, q44.Verdict);
        StallFinding f = Assert.Single(q44.Findings);
        Assert.Equal(StallKind.RxFrozenWhileTxMoves, f.Kind);
        Assert.Equal(QueueDirection.Rx, f.Direction);
        Assert.Equal(
            "rx-44.rx_packets stayed at 49882 in all 5 samples over 8 s while tx-44.tx_packets rose from 222225 to 222240 (+15, in 4 of 4 intervals)",
            f.Evidence);
        Assert.Equal(8, report.WindowSeconds);
        Assert.Equal(15UL, q44.TxPackets!.Delta);
        Assert.Equal(15 / 8.0, q44.TxPacketsPerSecond);
    }

    [Fact]
    public void Idle_pair_is_idle_not_stalled()
    {
        var r = StallAnalyzer.Analyze("x", Series([(100, 200)], [(100, 200)], [(100, 200)]));
        Assert.Equal(QueueVerdict.Idle, Assert.Single(r.Queues).Verdict);
        Assert.False(r.AnyStalled);
    }

    [Fact]
    public void Busy_pair_is_ok()
    {
        var r = StallAnalyzer.Analyze("x", Series([(100, 200)], [(150, 260)], [(190, 330)], [(260, 400)]));
        QueuePairReport q = Assert.Single(r.Queues);
        Assert.Equal(QueueVerdict.Ok, q.Verdict);
        Assert.Empty(q.Findings);
    }

    [Fact]
    public void Rx_frozen_in_one_interval_only_is_not_enough()
    {
        // Two samples: tx rose, rx did not. A single quiet second proves nothing.
        var r = StallAnalyzer.Analyze("x", Series([(100, 200)], [(100, 260)]));
        Assert.Equal(QueueVerdict.Ok, Assert.Single(r.Queues).Verdict);
    }

    [Fact]
    public void Rx_that_never_received_is_not_frozen()
    {
        // A tx-only queue (rx traffic hashed elsewhere, counter still 0) is healthy.
        var r = StallAnalyzer.Analyze("x", Series([(0, 200)], [(0, 260)], [(0, 300)]));
        Assert.Equal(QueueVerdict.Ok, Assert.Single(r.Queues).Verdict);
    }

    [Fact]
    public void Queue_silent_while_siblings_busy_is_stalled()
    {
        var r = StallAnalyzer.Analyze("x", Series(
            [(10, 10), (10, 10), (10, 10), (500, 500)],
            [(20, 20), (20, 20), (20, 20), (500, 500)],
            [(30, 30), (30, 30), (30, 30), (500, 500)]));
        Assert.Equal([QueueVerdict.Ok, QueueVerdict.Ok, QueueVerdict.Ok, QueueVerdict.Stalled], r.Queues.Select(q => q.Verdict));
        var findings = r.Queues[3].Findings;
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(StallKind.SilentWhileSiblingsBusy, f.Kind));
        Assert.Equal("rx_queue_3_packets stayed at 500 while all 3 sibling queues rose in every interval (+60 packets together)", findings[0].Evidence);
    }

    [Fact]
    public void Silent_queue_with_few_or_quiet_siblings_is_idle()
    {
        // Only two siblings: too few to call it.
        var r = StallAnalyzer.Analyze("x", Series([(10, 10), (10, 10), (500, 500)], [(20, 20), (20, 20), (500, 500)], [(30, 30), (30, 30), (500, 500)]));
        Assert.Equal(QueueVerdict.Idle, r.Queues[2].Verdict);
    }

    [Fact]
    public void Tx_frozen_with_constant_bytes_in_flight_is_stalled()
    {
        var samples = Series([(100, 200)], [(130, 200)], [(170, 200)])
            .Select(s => s with { TxQueues = [new TxQueueState(0, 3, 1514, [0], null)] }).ToList();
        var r = StallAnalyzer.Analyze("x", samples);
        StallFinding f = Assert.Single(Assert.Single(r.Queues).Findings);
        Assert.Equal(StallKind.TxFrozenWithBytesInFlight, f.Kind);
        Assert.Equal("tx_queue_0_packets stayed at 200 and queues/tx-0/byte_queue_limits/inflight held 1514 bytes in all 3 samples: the hardware completes nothing", f.Evidence);
    }

    [Fact]
    public void Draining_inflight_is_not_a_stall()
    {
        var samples = Series([(100, 200)], [(130, 200)], [(170, 200)]);
        ulong[] inflight = [1514, 0, 1514];
        samples = [.. samples.Select((s, i) => s with { TxQueues = [new TxQueueState(0, 0, inflight[i], [0], null)] })];
        Assert.Equal(QueueVerdict.Ok, Assert.Single(StallAnalyzer.Analyze("x", samples).Queues).Verdict);
    }

    [Fact]
    public void Rising_tx_timeout_is_stalled()
    {
        var samples = Series([(100, 200)], [(130, 260)]);
        samples = [samples[0] with { TxQueues = [new TxQueueState(0, 4, 0, [], null)] }, samples[1] with { TxQueues = [new TxQueueState(0, 5, 0, [], null)] }];
        var q = Assert.Single(StallAnalyzer.Analyze("x", samples).Queues);
        Assert.Equal(QueueVerdict.Stalled, q.Verdict);
        Assert.Equal(1UL, q.TxTimeoutDelta);
        Assert.Equal(StallKind.TxTimeoutRising, Assert.Single(q.Findings).Kind);
    }

    [Fact]
    public void One_sample_gives_no_verdict()
    {
        var r = StallAnalyzer.Analyze("x", Series([(100, 200)]));
        Assert.Equal(QueueVerdict.Unknown, Assert.Single(r.Queues).Verdict);
    }
}
