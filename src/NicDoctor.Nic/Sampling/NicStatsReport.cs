namespace NicDoctor.Nic.Sampling;

/// <summary>Per-queue counters over a series of samples of one interface, with a verdict per queue.</summary>
public sealed record NicStatsReport(
    string Interface,
    int SampleCount,
    DateTimeOffset? FirstSample,
    DateTimeOffset? LastSample,
    IReadOnlyList<QueuePairReport> Queues)
{
    public double? WindowSeconds => FirstSample is { } f && LastSample is { } l ? (l - f).TotalSeconds : null;

    public IEnumerable<StallFinding> Findings => Queues.SelectMany(q => q.Findings);

    public bool AnyStalled => Queues.Any(q => q.Verdict == QueueVerdict.Stalled);
}
