namespace NicDoctor.Nic.Sampling;

/// <summary>
/// The sampled counters of queue pair N (rx-N and tx-N) and the verdict on it. Rates are per
/// second over the whole sampled window; null without timestamps.
/// </summary>
public sealed record QueuePairReport(
    int Queue,
    CounterTrack? RxPackets,
    CounterTrack? RxBytes,
    CounterTrack? TxPackets,
    CounterTrack? TxBytes,
    QueueVerdict Verdict,
    IReadOnlyList<StallFinding> Findings)
{
    public double? RxPacketsPerSecond { get; init; }
    public double? RxBytesPerSecond { get; init; }
    public double? TxPacketsPerSecond { get; init; }
    public double? TxBytesPerSecond { get; init; }

    /// <summary>Watchdog timeouts counted on tx-N during the samples (live sysfs only).</summary>
    public ulong? TxTimeoutDelta { get; init; }

    /// <summary>BQL bytes in flight on tx-N in the last sample (live sysfs only).</summary>
    public ulong? BqlInflight { get; init; }
}
