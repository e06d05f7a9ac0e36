using NicDoctor.Evidence;
using NicDoctor.Evidence.Sources;
using NicDoctor.KernelLog;
using NicDoctor.Nic;
using NicDoctor.Nic.Sampling;
using NicDoctor.Nic.Text;

namespace NicDoctor.Diagnosis.Facts;

/// <summary>
/// Composes <see cref="HostFacts"/> from an evidence source (sosreport, bundle, sample): the
/// evidence layer finds the files, the engines parse them (KernelLog for events, Nic for
/// ethtool/lspci text and the stall verdict). What is missing becomes a gap, never an error.
/// </summary>
public static class HostFactsReader
{
    private static readonly Dictionary<KernelEventKind, string> EventKindNames = new()
    {
        [KernelEventKind.NetdevWatchdog] = EventKinds.NetdevWatchdog,
        [KernelEventKind.TxHang] = EventKinds.TxHang,
        [KernelEventKind.NicReset] = EventKinds.NicReset,
        [KernelEventKind.LinkDown] = EventKinds.LinkDown,
        [KernelEventKind.LinkUp] = EventKinds.LinkUp,
        [KernelEventKind.ModuleLoadFailure] = EventKinds.ModuleLoadFailure,
    };

    public static HostFacts Read(IEvidenceSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var gaps = new List<string>();
        IReadOnlyList<string> files = source.Files;

        string? release = ReadRelease(source, files);
        if (release is null)
            gaps.Add("kernel release: no uname output");

        var config = ReadConfig(source, files, release);
        if (config.Count == 0)
            gaps.Add("kernel config: no /boot/config-RELEASE");

        IReadOnlyList<PciFunction> pci = [];
        if (EvidenceCatalog.Find(files, EvidenceItem.Lspci).FirstOrDefault() is { } lspciPath)
            pci = TryParse(ReadText(source, lspciPath), lspciPath, LspciParser.Parse, gaps) ?? [];
        else
            gaps.Add("PCI inventory: no lspci output");

        var nics = new List<NicFact>();
        var stalls = new List<QueueStallFact>();
        var counters = new List<QueueCountersFact>();
        foreach (string iface in EvidenceCatalog.Interfaces(files))
        {
            NicFact? nic = ReadNic(source, files, iface, pci, gaps);
            if (nic is null)
                continue;
            nics.Add(nic);
            stalls.AddRange(ReadStalls(source, files, iface, gaps, counters));
        }
        if (nics.Count == 0)
            gaps.Add("NIC inventory: no ethtool -i output for any interface");

        var events = ReadEvents(source, files, gaps);
        string? root = (source as LiveHostSource)?.Root;
        var modules = ModuleFactsReader.Read(root, release, nics, events, gaps);
        return new HostFacts
        {
            Host = ReadHost(source, files),
            KernelRelease = release,
            KernelConfig = config,
            Nics = nics,
            Events = events,
            Stalls = stalls,
            QueueCounters = counters,
            Modules = modules,
            Gaps = gaps,
        };
    }

    private static string? ReadRelease(IEvidenceSource source, IReadOnlyList<string> files)
    {
        if (EvidenceCatalog.Find(files, EvidenceItem.KernelRelease).FirstOrDefault() is { } path)
            return FirstLine(source, path);
        // uname -a: "Linux HOST RELEASE #1 SMP …"
        if (EvidenceCatalog.Find(files, EvidenceItem.Uname).FirstOrDefault() is { } uname
            && FirstLine(source, uname)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 2 } parts)
            return parts[2];
        return null;
    }

    private static string? ReadHost(IEvidenceSource source, IReadOnlyList<string> files) =>
        EvidenceCatalog.Find(files, EvidenceItem.Uname).FirstOrDefault() is { } uname
        && FirstLine(source, uname)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 1 } parts
            ? parts[1]
            : null;

    private static Dictionary<string, EvidenceRef> ReadConfig(IEvidenceSource source, IReadOnlyList<string> files, string? release)
    {
        var config = new Dictionary<string, EvidenceRef>(StringComparer.Ordinal);
        var candidates = EvidenceCatalog.Find(files, EvidenceItem.KernelConfig)
            .OrderBy(p => release is not null && p.EndsWith(release, StringComparison.Ordinal) ? 0 : 1).ToArray();
        foreach (string path in candidates)
        {
            int lineNo = 0;
            foreach (string line in Lines(source, path))
            {
                lineNo++;
                if (!line.StartsWith("CONFIG_", StringComparison.Ordinal))
                    continue;
                int eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                    config.TryAdd(line[..eq], new EvidenceRef(path, lineNo, line));
            }
            if (config.Count > 0)
                break;
        }
        return config;
    }

    private static NicFact? ReadNic(IEvidenceSource source, IReadOnlyList<string> files, string iface, IReadOnlyList<PciFunction> pci, List<string> gaps)
    {
        string? driverPath = EvidenceCatalog.Find(files, EvidenceItem.EthtoolDriver, iface).FirstOrDefault();
        if (driverPath is null)
            return null;
        string driverText = ReadText(source, driverPath);
        if (TryParse(driverText, driverPath, EthtoolDriverInfoParser.Parse, gaps) is not { } info)
            return null;
        var evidence = new List<EvidenceRef>();
        foreach ((int lineNo, string line) in Numbered(driverText))
        {
            if (line.StartsWith("driver:", StringComparison.Ordinal) || line.StartsWith("version:", StringComparison.Ordinal)
                || line.StartsWith("firmware-version:", StringComparison.Ordinal) || line.StartsWith("bus-info:", StringComparison.Ordinal))
                evidence.Add(new EvidenceRef(driverPath, lineNo, line));
        }

        LinkSettings? link = null;
        if (EvidenceCatalog.Find(files, EvidenceItem.EthtoolSettings, iface).FirstOrDefault() is { } settingsPath)
        {
            string settingsText = ReadText(source, settingsPath);
            link = TryParse(settingsText, settingsPath, EthtoolSettingsParser.Parse, gaps);
            foreach ((int n, string line) in Numbered(settingsText))
            {
                string t = line.Trim();
                if (t.StartsWith("Speed:", StringComparison.Ordinal) || t.StartsWith("Link detected:", StringComparison.Ordinal))
                    evidence.Add(new EvidenceRef(settingsPath, n, t));
            }
        }

        string? bus = string.IsNullOrEmpty(info.BusInfo) ? null : info.BusInfo;
        PciFunction? fn = bus is null ? null : pci.FirstOrDefault(p => string.Equals(p.FullAddress, bus, StringComparison.OrdinalIgnoreCase));
        return new NicFact
        {
            Interface = iface,
            Driver = string.IsNullOrEmpty(info.Driver) ? null : info.Driver,
            DriverVersion = string.IsNullOrEmpty(info.Version) ? null : info.Version,
            Firmware = string.IsNullOrEmpty(info.FirmwareVersion) ? null : info.FirmwareVersion,
            BusInfo = bus,
            Model = fn?.Description,
            SpeedMbps = link?.SpeedMbps,
            LinkDetected = link?.LinkDetected,
            Evidence = evidence,
        };
    }

    private static IEnumerable<QueueStallFact> ReadStalls(IEvidenceSource source, IReadOnlyList<string> files, string iface, List<string> gaps, List<QueueCountersFact> counters)
    {
        string? statsPath = EvidenceCatalog.Find(files, EvidenceItem.EthtoolStats, iface).FirstOrDefault();
        if (statsPath is null)
        {
            gaps.Add($"{iface}: no ethtool -S output, no per-queue verdict");
            return [];
        }
        if (TryParse(ReadText(source, statsPath), statsPath, EthtoolStatsParser.ParseAll, gaps) is not { } snapshots)
            return [];
        if (snapshots.Count < 2)
        {
            gaps.Add($"{iface}: one ethtool -S sample only, no per-queue verdict (collect several: nicdoctor collect --samples 5)");
            return [];
        }
        NicStatsReport report = StallAnalyzer.Analyze(iface, snapshots.Select(s => new NicSample(s.Time, s)).ToArray());
        DateTimeOffset? first = snapshots[0].Time;
        double?[] seconds = snapshots.Select(s => first is { } f && s.Time is { } t ? (t - f).TotalSeconds : (double?)null).ToArray();
        counters.AddRange(report.Queues.Select(q => new QueueCountersFact
        {
            Interface = iface,
            Queue = q.Queue,
            Seconds = seconds,
            RxPackets = q.RxPackets?.Values ?? [],
            TxPackets = q.TxPackets?.Values ?? [],
            Stalled = q.Verdict == QueueVerdict.Stalled,
        }));
        return report.Findings.Select(f => new QueueStallFact
        {
            Interface = iface,
            Queue = f.Queue,
            Kind = StallKindName(f.Kind),
            Summary = f.Evidence,
            Evidence = [new EvidenceRef(statsPath, 0, f.Evidence)],
        }).ToArray();
    }

    private static string StallKindName(StallKind kind) => kind switch
    {
        StallKind.RxFrozenWhileTxMoves => "rx-frozen-tx-moving",
        StallKind.TxFrozenWithBytesInFlight => "tx-frozen-inflight",
        StallKind.TxTimeoutRising => "tx-timeout-rising",
        StallKind.SilentWhileSiblingsBusy => "silent-while-siblings-busy",
        _ => kind.ToString(),
    };

    private static List<EventFact> ReadEvents(IEvidenceSource source, IReadOnlyList<string> files, List<string> gaps)
    {
        var logs = new List<string>();
        if (EvidenceCatalog.Find(files, EvidenceItem.KernelRingBuffer).FirstOrDefault() is { } ring)
            logs.Add(ring);
        logs.AddRange(EvidenceCatalog.Find(files, EvidenceItem.PersistentLog));
        if (logs.Count == 0)
        {
            gaps.Add("kernel log: no dmesg, journal or /var/log/messages");
            return [];
        }

        var analyzer = new KernelLogAnalyzer();
        var events = new List<EventFact>();
        var seen = new HashSet<(string, string?, int?, string)>();
        foreach (string path in logs)
        {
            using Stream stream = source.Open(path);
            analyzer.Scan(stream, path, e =>
            {
                if (!EventKindNames.TryGetValue(e.Kind, out string? kind))
                    return;
                // The same message often sits in dmesg and in /var/log/messages: keep it once.
                if (!seen.Add((kind, e.Interface, e.Queue, e.Summary + "@" + e.Time)))
                    return;
                events.Add(new EventFact
                {
                    Kind = kind,
                    Interface = e.Interface,
                    Driver = e.Kind == KernelEventKind.ModuleLoadFailure ? null : e.Driver,
                    Module = e.Kind == KernelEventKind.ModuleLoadFailure ? e.Driver : null,
                    Bus = e.PciAddress,
                    Queue = e.Queue,
                    Cpu = e.Cpu,
                    TimeoutMs = e.TimeoutMs is long ms ? (int)Math.Min(ms, int.MaxValue) : null,
                    Time = e.Time.IsEmpty ? null : e.Time.ToString(),
                    Summary = e.Summary,
                    Evidence = Headline(e).Select(l => new EvidenceRef(l.Source, (int)Math.Min(l.Line, int.MaxValue), l.Text)).ToArray(),
                });
            });
        }
        return events;
    }

    // The lines that say what happened (message, WARNING header, taint and hardware lines); the
    // register dump and call trace stay in `nicdoctor log -v`.
    private static IEnumerable<EvidenceLine> Headline(KernelEvent e)
    {
        var keep = e.Evidence.Where(l => l.Text.Contains("WARNING:", StringComparison.Ordinal)
            || l.Text.Contains("Not tainted", StringComparison.Ordinal)
            || l.Text.Contains("Tainted:", StringComparison.Ordinal)
            || l.Text.Contains("Hardware name:", StringComparison.Ordinal)
            || l.Text.Contains(e.Summary, StringComparison.Ordinal)
            || (l.Text.Contains("ueue", StringComparison.Ordinal) && !l.Text.Contains("[<", StringComparison.Ordinal))).ToList();
        return keep.Count > 0 ? keep : e.Evidence.Take(3);
    }

    // One unreadable file is a gap in the evidence, not the end of the diagnosis.
    private static T? TryParse<T>(string text, string path, Func<TextReader, string, T> parse, List<string> gaps)
        where T : class
    {
        try
        {
            using var reader = new StringReader(text);
            return parse(reader, path);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException)
        {
            gaps.Add($"unreadable: {ex.Message}");
            return null;
        }
    }

    // Tool captures are small: read each once, parse it and quote its lines from the same text.
    private static string ReadText(IEvidenceSource source, string path)
    {
        using var reader = new StreamReader(source.Open(path));
        return reader.ReadToEnd();
    }

    private static IEnumerable<(int Line, string Text)> Numbered(string text)
    {
        using var reader = new StringReader(text);
        int n = 0;
        while (reader.ReadLine() is { } line)
            yield return (++n, line);
    }

    private static string? FirstLine(IEvidenceSource source, string path)
    {
        using var reader = new StreamReader(source.Open(path));
        return reader.ReadLine()?.Trim();
    }

    private static IEnumerable<string> Lines(IEvidenceSource source, string path)
    {
        using var reader = new StreamReader(source.Open(path));
        while (reader.ReadLine() is { } line)
            yield return line;
    }
}
