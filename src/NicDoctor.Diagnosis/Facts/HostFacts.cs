namespace NicDoctor.Diagnosis.Facts;

/// <summary>Where a fact came from: an evidence file and line (1-based; 0 when not line-based) and the text.</summary>
public sealed record EvidenceRef(string Source, int Line, string Text);

/// <summary>One network interface as the evidence describes it.</summary>
public sealed record NicFact
{
    public required string Interface { get; init; }
    public string? Driver { get; init; }
    public string? DriverVersion { get; init; }
    public string? Firmware { get; init; }
    public string? BusInfo { get; init; }
    /// <summary>The PCI device description (lspci), e.g. "Intel Corporation Ethernet Connection X722 for 1GbE".</summary>
    public string? Model { get; init; }
    public int? SpeedMbps { get; init; }
    public bool? LinkDetected { get; init; }
    /// <summary>True when DCB is seen in use (driver probe line, traffic classes); null when unknown.</summary>
    public bool? DcbEnabled { get; init; }
    public IReadOnlyList<EvidenceRef> Evidence { get; init; } = [];
}

/// <summary>Kinds of kernel-log events the rules speak of: the KernelLog engine's kebab-case kind names.</summary>
public static class EventKinds
{
    public const string NetdevWatchdog = "netdev-watchdog";
    public const string TxHang = "tx-hang";
    public const string NicReset = "nic-reset";
    public const string LinkDown = "link-down";
    public const string LinkUp = "link-up";
    public const string ModuleLoadFailure = "module-load-failure";
}

/// <summary>A kernel-log event relevant to a NIC or a module.</summary>
public sealed record EventFact
{
    public required string Kind { get; init; }
    public string? Interface { get; init; }
    public string? Driver { get; init; }
    /// <summary>PCI address when the message names the device only by it (igb's dev_err).</summary>
    public string? Bus { get; init; }
    public string? Module { get; init; }
    public int? Queue { get; init; }
    /// <summary>CPU that printed the message (for the watchdog: the timer's CPU, not the queue's).</summary>
    public int? Cpu { get; init; }
    public int? TimeoutMs { get; init; }
    public string? Time { get; init; }
    public required string Summary { get; init; }
    public IReadOnlyList<EvidenceRef> Evidence { get; init; } = [];
}

/// <summary>A queue whose counters show it stopped working, with the numbers.</summary>
public sealed record QueueStallFact
{
    public required string Interface { get; init; }
    public required int Queue { get; init; }
    /// <summary>e.g. "rx-frozen-tx-moving", "tx-frozen-inflight", "tx-timeouts-rising", "silent-while-siblings-busy".</summary>
    public required string Kind { get; init; }
    public required string Summary { get; init; }
    public IReadOnlyList<EvidenceRef> Evidence { get; init; } = [];
}

/// <summary>
/// The sampled packet counters of queue pair N of one interface, for charts: seconds since the
/// first sample (null without timestamps) and rx/tx packet counts per sample (null when absent).
/// </summary>
public sealed record QueueCountersFact
{
    public required string Interface { get; init; }
    public required int Queue { get; init; }
    public required IReadOnlyList<double?> Seconds { get; init; }
    public IReadOnlyList<ulong?> RxPackets { get; init; } = [];
    public IReadOnlyList<ulong?> TxPackets { get; init; } = [];
    /// <summary>True when the stall verdict flagged this queue.</summary>
    public bool Stalled { get; init; }
}

/// <summary>Kinds of module problems found by checking the module files themselves (live host or --root).</summary>
public static class ModuleProblemKinds
{
    /// <summary>The module toolkit predicts the kernel refuses the file modprobe would load.</summary>
    public const string LoadRefused = "load-refused";
    /// <summary>The boot image carries a different build of the module than /lib/modules.</summary>
    public const string BootImageDiffers = "boot-image-differs";
}

/// <summary>A problem with a NIC driver's module file, found by reading the file (not the log).</summary>
public sealed record ModuleFact
{
    public required string Kind { get; init; }
    public required string Module { get; init; }
    /// <summary>The module file checked (the one modprobe would load).</summary>
    public string? Path { get; init; }
    /// <summary>An interface that uses the module, when one does.</summary>
    public string? Interface { get; init; }
    public required string Summary { get; init; }
    public IReadOnlyList<EvidenceRef> Evidence { get; init; } = [];
}

/// <summary>Everything the rules may look at, composed from the engines by the evidence readers.</summary>
public sealed record HostFacts
{
    public string? Host { get; init; }
    public string? KernelRelease { get; init; }
    /// <summary>Kernel configuration options seen (CONFIG_X → value), with where each was read.</summary>
    public IReadOnlyDictionary<string, EvidenceRef> KernelConfig { get; init; } = new Dictionary<string, EvidenceRef>();
    public IReadOnlyList<NicFact> Nics { get; init; } = [];
    public IReadOnlyList<EventFact> Events { get; init; } = [];
    public IReadOnlyList<QueueStallFact> Stalls { get; init; } = [];
    /// <summary>Per-queue counter series behind the stall verdicts (for the HTML report's charts).</summary>
    public IReadOnlyList<QueueCountersFact> QueueCounters { get; init; } = [];
    /// <summary>Problems found in NIC driver module files (live host or --root only).</summary>
    public IReadOnlyList<ModuleFact> Modules { get; init; } = [];
    /// <summary>Evidence that was looked for and not found (missing files, unreadable sources).</summary>
    public IReadOnlyList<string> Gaps { get; init; } = [];
}
