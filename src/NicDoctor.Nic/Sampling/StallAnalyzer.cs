using System.Globalization;
using NicDoctor.Nic.Queues;

namespace NicDoctor.Nic.Sampling;

/// <summary>
/// Turns a series of samples of one interface into per-queue counter tracks and a stall verdict.
/// Rules (each finding quotes the counter values that prove it):
/// <list type="bullet">
/// <item>rx-N frozen at a non-zero value while tx-N rises in every interval (at least two);</item>
/// <item>tx-N frozen while BQL holds the same non-zero bytes in flight in every sample;</item>
/// <item>the kernel's <c>tx_timeout</c> for tx-N rose;</item>
/// <item>a queue that carried traffic is frozen while at least three siblings rise in every interval.</item>
/// </list>
/// An idle pair (nothing moves) and a busy pair (both move) are never stalled.
/// </summary>
public static class StallAnalyzer
{
    /// <summary>Siblings needed before "silent while siblings busy" is believable.</summary>
    private const int MinBusySiblings = 3;

    public static NicStatsReport Analyze(string interfaceName, IReadOnlyList<NicSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        // (direction, queue, counter) → raw name and per-sample values
        var tracks = new Dictionary<QueueCounterName, (string Name, ulong?[] Values)>();
        for (int s = 0; s < samples.Count; s++)
        {
            StatsSnapshot stats = samples[s].Stats;
            foreach ((int index, QueueCounterName name) in QueueCounterNaming.Classify(stats))
            {
                if (!tracks.TryGetValue(name, out var track))
                {
                    track = (stats.Names[index].Trim(), new ulong?[samples.Count]);
                    tracks[name] = track;
                }
                track.Values[s] ??= stats.Values[index];
            }
        }

        int intervals = samples.Count - 1;
        DateTimeOffset? first = samples.Count > 0 ? samples[0].Time : null;
        DateTimeOffset? last = samples.Count > 0 ? samples[^1].Time : null;
        double? seconds = first is { } f && last is { } l && l > f ? (l - f).TotalSeconds : null;

        CounterTrack? Track(QueueDirection dir, int queue, params string[] counters)
        {
            foreach (string c in counters)
            {
                if (tracks.TryGetValue(new QueueCounterName(dir, queue, c), out var t))
                    return new CounterTrack(t.Name, t.Values);
            }
            return null;
        }

        var queueNumbers = tracks.Keys.Select(k => k.Queue).Distinct().Order().ToList();
        var pairs = queueNumbers.Select(q => (
            Queue: q,
            RxPackets: Track(QueueDirection.Rx, q, QueueCounterName.Packets, "ucast_packets"),
            RxBytes: Track(QueueDirection.Rx, q, QueueCounterName.Bytes, "ucast_bytes"),
            TxPackets: Track(QueueDirection.Tx, q, QueueCounterName.Packets, "ucast_packets"),
            TxBytes: Track(QueueDirection.Tx, q, QueueCounterName.Bytes, "ucast_bytes"))).ToList();

        var reports = new List<QueuePairReport>();
        foreach (var p in pairs)
        {
            var findings = new List<StallFinding>();
            TxQueueState? firstState = samples.Count > 0 ? samples[0].TxQueues?.FirstOrDefault(t => t.Queue == p.Queue) : null;
            TxQueueState? lastState = samples.Count > 0 ? samples[^1].TxQueues?.FirstOrDefault(t => t.Queue == p.Queue) : null;
            ulong? timeoutDelta = firstState?.TxTimeout is { } t0 && lastState?.TxTimeout is { } t1 && t1 >= t0 ? t1 - t0 : null;

            if (intervals >= 1)
            {
                RxFrozenWhileTxMoves(p.Queue, p.RxPackets, p.TxPackets, intervals, seconds, findings);
                TxFrozenWithInflight(p.Queue, p.TxPackets, samples, findings);
                if (timeoutDelta > 0)
                {
                    findings.Add(new StallFinding(StallKind.TxTimeoutRising, p.Queue, QueueDirection.Tx, Invariant(
                        $"queues/tx-{p.Queue}/tx_timeout rose from {firstState!.TxTimeout} to {lastState!.TxTimeout} during the samples: the kernel watchdog found tx-{p.Queue} stuck")));
                }
                foreach (QueueDirection dir in new[] { QueueDirection.Rx, QueueDirection.Tx })
                {
                    var siblings = pairs.Where(o => o.Queue != p.Queue)
                        .Select(o => dir == QueueDirection.Rx ? o.RxPackets : o.TxPackets).OfType<CounterTrack>().ToList();
                    SilentWhileSiblingsBusy(p.Queue, dir, dir == QueueDirection.Rx ? p.RxPackets : p.TxPackets, siblings, intervals, findings);
                }
            }

            QueueVerdict verdict;
            if (findings.Count > 0)
                verdict = QueueVerdict.Stalled;
            else if (intervals < 1 || (p.RxPackets is null && p.TxPackets is null))
                verdict = QueueVerdict.Unknown;
            else if ((p.RxPackets?.Delta ?? 0) == 0 && (p.TxPackets?.Delta ?? 0) == 0)
                verdict = QueueVerdict.Idle;
            else
                verdict = QueueVerdict.Ok;

            reports.Add(new QueuePairReport(p.Queue, p.RxPackets, p.RxBytes, p.TxPackets, p.TxBytes, verdict, findings)
            {
                RxPacketsPerSecond = Rate(p.RxPackets, seconds),
                RxBytesPerSecond = Rate(p.RxBytes, seconds),
                TxPacketsPerSecond = Rate(p.TxPackets, seconds),
                TxBytesPerSecond = Rate(p.TxBytes, seconds),
                TxTimeoutDelta = timeoutDelta,
                BqlInflight = lastState?.BqlInflight,
            });
        }
        return new NicStatsReport(interfaceName, samples.Count, first, last, reports);
    }

    private static void RxFrozenWhileTxMoves(int queue, CounterTrack? rx, CounterTrack? tx, int intervals, double? seconds, List<StallFinding> findings)
    {
        // One interval without an rx packet proves nothing; a tx rise in every one of ≥ 2 intervals
        // against an rx counter that never moves is the seed's hung pair.
        if (rx is null || tx is null || intervals < 2)
            return;
        if (rx.Delta != 0 || rx.Last is not > 0UL || tx.Delta is not > 0UL || tx.RisingIntervals < intervals)
            return;
        string window = seconds is { } s ? Invariant($" over {s:0.#} s") : "";
        findings.Add(new StallFinding(StallKind.RxFrozenWhileTxMoves, queue, QueueDirection.Rx, Invariant(
            $"{rx.Name} stayed at {rx.Last} in all {rx.Values.Count} samples{window} while {tx.Name} rose from {tx.First} to {tx.Last} (+{tx.Delta}, in {tx.RisingIntervals} of {intervals} intervals)")));
    }

    private static void TxFrozenWithInflight(int queue, CounterTrack? tx, IReadOnlyList<NicSample> samples, List<StallFinding> findings)
    {
        var inflight = samples.Select(s => s.TxQueues?.FirstOrDefault(t => t.Queue == queue)?.BqlInflight).ToList();
        if (inflight.Any(v => v is null or 0) || inflight.Distinct().Count() != 1)
            return;
        if (tx is not null && tx.Delta != 0)
            return;
        string counter = tx is null ? "" : Invariant($"{tx.Name} stayed at {tx.Last} and ");
        findings.Add(new StallFinding(StallKind.TxFrozenWithBytesInFlight, queue, QueueDirection.Tx, Invariant(
            $"{counter}queues/tx-{queue}/byte_queue_limits/inflight held {inflight[0]} bytes in all {samples.Count} samples: the hardware completes nothing")));
    }

    private static void SilentWhileSiblingsBusy(int queue, QueueDirection dir, CounterTrack? own, List<CounterTrack> siblings, int intervals, List<StallFinding> findings)
    {
        if (own is null || own.Delta != 0 || own.Last is not > 0UL || intervals < 2 || siblings.Count < MinBusySiblings)
            return;
        if (!siblings.All(s => s.RisingIntervals == intervals))
            return;
        ulong siblingDelta = siblings.Aggregate(0UL, (sum, s) => sum + (s.Delta ?? 0));
        findings.Add(new StallFinding(StallKind.SilentWhileSiblingsBusy, queue, dir, Invariant(
            $"{own.Name} stayed at {own.Last} while all {siblings.Count} sibling queues rose in every interval (+{siblingDelta} packets together)")));
    }

    private static double? Rate(CounterTrack? track, double? seconds) =>
        track?.Delta is { } d && seconds is > 0 ? d / seconds.Value : null;

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
