using NicDoctor.Nic.Queues;

namespace NicDoctor.Nic.Sampling;

/// <summary>One reason a queue is stalled, with the numbers that prove it in <see cref="Evidence"/>.</summary>
public sealed record StallFinding(StallKind Kind, int Queue, QueueDirection Direction, string Evidence);
