namespace NicDoctor.Nic.Queues;

/// <summary>How the kernel picks a transmit queue for packets sent from one CPU.</summary>
public enum TxQueueRule
{
    /// <summary>The device has one tx queue: every sender uses it.</summary>
    OnlyQueue,

    /// <summary>Exactly one queue lists the CPU in its <c>xps_cpus</c>: that queue.</summary>
    XpsSingle,

    /// <summary>Several queues list the CPU: one of them, by flow hash.</summary>
    XpsHashAmong,

    /// <summary>No XPS entry for the CPU: flow hash over all queues (or the recorded rx queue).</summary>
    Hash,
}

/// <summary>The transmit queue(s) a sender on <see cref="Cpu"/> uses, and why.</summary>
public sealed record TxQueueChoice(int Cpu, TxQueueRule Rule, IReadOnlyList<int> Queues, string Explanation);
