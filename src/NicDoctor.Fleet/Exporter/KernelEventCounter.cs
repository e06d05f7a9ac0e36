using NicDoctor.KernelLog;

namespace NicDoctor.Fleet.Exporter;

/// <summary>
/// Counts kernel-log events by (kind, device, driver) with the KernelLog engine's patterns. Live, it
/// keeps <c>/dev/kmsg</c> open and reads what arrived since the last scrape (the descriptor
/// remembers its position; records overwritten in between are skipped as dmesg does). From
/// captures, it counts the events of the captured logs once.
/// </summary>
public sealed class KernelEventCounter : IDisposable
{
    private readonly KernelLogAnalyzer _analyzer = new();
    private readonly Dictionary<(string Kind, string Device, string Driver), ulong> _counts = [];
    private readonly TextReader? _kmsg;
    private readonly string _sourceName = "";

    private KernelEventCounter(TextReader? kmsg, string sourceName)
    {
        _kmsg = kmsg;
        _sourceName = sourceName;
    }

    /// <summary>True when there is a log to count from (live: /dev/kmsg opened; captures: always).</summary>
    public bool Up { get; private init; }

    /// <summary>Follows <c>/dev/kmsg</c> under <paramref name="root"/>; counts nothing (Up = false) when it cannot be opened.</summary>
    public static KernelEventCounter FollowKmsg(string root)
    {
        // Only /dev/kmsg: the journalctl fallback of LiveKernelLog would block a scrape.
        if (!LiveKernelLog.KmsgReadable(root))
            return new KernelEventCounter(null, "") { Up = false };
        TextReader reader = LiveKernelLog.Open(root, out string name);
        return new KernelEventCounter(reader, name) { Up = true };
    }

    /// <summary>Counts the events in the kernel logs of capture directories (dmesg, messages, kern.log…).</summary>
    public static KernelEventCounter FromCaptures(IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var counter = new KernelEventCounter(null, "") { Up = true };
        foreach (string dir in directories)
        {
            foreach (string file in KernelLogSource.FilesIn(dir))
                counter._analyzer.ScanFile(file, counter.Count);
        }
        return counter;
    }

    /// <summary>Reads what the live log gained since the last call (nothing for captures).</summary>
    public void Poll()
    {
        if (_kmsg is not null)
            _analyzer.Scan(_kmsg, _sourceName, Count);
    }

    public IReadOnlyDictionary<(string Kind, string Device, string Driver), ulong> Counts => _counts;

    public void Dispose() => _kmsg?.Dispose();

    private void Count(KernelEvent e)
    {
        var key = (e.Kind.Name(), e.Interface ?? e.PciAddress ?? e.BusId ?? "", e.Driver ?? "");
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }
}
