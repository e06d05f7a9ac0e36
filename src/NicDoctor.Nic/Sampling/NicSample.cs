namespace NicDoctor.Nic.Sampling;

/// <summary>
/// One reading of an interface: its driver statistics and, on a live host, the sysfs state of its
/// transmit queues (<c>tx_timeout</c>, BQL <c>inflight</c>), taken at <see cref="Time"/>.
/// </summary>
public sealed record NicSample(DateTimeOffset? Time, StatsSnapshot Stats, IReadOnlyList<TxQueueState>? TxQueues = null);
