namespace NicDoctor.Nic.Sampling;

/// <summary>What the samples say about one queue pair.</summary>
public enum QueueVerdict
{
    /// <summary>Fewer than two timed samples, or no per-queue packet counters: nothing can be said.</summary>
    Unknown,

    /// <summary>Nothing moved and nothing points at a hang.</summary>
    Idle,

    /// <summary>Traffic moves the way a working queue moves.</summary>
    Ok,

    /// <summary>At least one stall finding.</summary>
    Stalled,
}

/// <summary>The kinds of evidence that make a queue stalled.</summary>
public enum StallKind
{
    /// <summary>The rx counter is frozen while the tx counter of the same pair keeps rising (the seed case).</summary>
    RxFrozenWhileTxMoves,

    /// <summary>The tx counter is frozen while BQL reports the same bytes in flight in every sample.</summary>
    TxFrozenWithBytesInFlight,

    /// <summary>The kernel's watchdog counted a timeout on this queue during the samples.</summary>
    TxTimeoutRising,

    /// <summary>The queue carried traffic before but is frozen while every sibling moves.</summary>
    SilentWhileSiblingsBusy,
}
