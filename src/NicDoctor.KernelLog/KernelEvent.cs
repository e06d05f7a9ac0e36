namespace NicDoctor.KernelLog;

/// <summary>
/// One thing the kernel log says happened: what (<see cref="Kind"/>, <see cref="PatternId"/>), when,
/// where (host, interface, driver, PCI address, queue, CPU) and the original lines as evidence.
/// Fields the message does not carry stay null.
/// </summary>
public sealed class KernelEvent
{
    public required KernelEventKind Kind { get; init; }

    /// <summary>Stable id of the pattern that matched (<c>netdev-watchdog.queue-ms</c>, <c>i40e.tx-timeout</c>…).</summary>
    public required string PatternId { get; init; }

    /// <summary>One-line human summary.</summary>
    public required string Summary { get; set; }

    public LogTimestamp Time { get; set; }

    /// <summary>Host name from syslog/journal framing.</summary>
    public string? Host { get; set; }

    /// <summary>Network interface name (<c>eno3</c>).</summary>
    public string? Interface { get; set; }

    /// <summary>Kernel driver (<c>i40e</c>); for module events the module name.</summary>
    public string? Driver { get; set; }

    /// <summary>PCI address (<c>0000:1a:00.2</c>) from the device prefix or <c>DEVICE=+pci:…</c>.</summary>
    public string? PciAddress { get; set; }

    /// <summary>Non-PCI bus id from the device prefix (<c>virtio1</c>, <c>1e100000.ethernet</c>).</summary>
    public string? BusId { get; set; }

    /// <summary>Transmit queue index.</summary>
    public int? Queue { get; set; }

    /// <summary>How long the queue had been stuck, in ms (6.4+ watchdog format, or derived from usecs).</summary>
    public long? TimeoutMs { get; set; }

    /// <summary>
    /// CPU that printed the message. For NETDEV WATCHDOG this is the CPU that ran the watchdog
    /// timer (<c>WARNING: CPU: N</c> or 6.8+ <c>CPU: N:</c>) — never the queue's CPU.
    /// </summary>
    public int? Cpu { get; set; }

    /// <summary>Other values the message carries (<c>TDH</c>, <c>NTC</c>, <c>symbol</c>, <c>level</c>…), by name.</summary>
    public SortedDictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>The WARNING/BUG block this event came with, when it had one.</summary>
    public KernelTrace? Trace { get; set; }

    /// <summary>The original lines, in log order.</summary>
    public List<EvidenceLine> Evidence { get; } = [];
}
