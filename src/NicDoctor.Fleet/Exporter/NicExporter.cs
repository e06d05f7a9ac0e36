using System.Globalization;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Fleet.Metrics;
using NicDoctor.Nic;
using NicDoctor.Nic.Sampling;

namespace NicDoctor.Fleet.Exporter;

/// <summary>
/// Builds one scrape: reads every interface once, keeps the last <see cref="Window"/> readings per
/// interface and runs the same <see cref="StallAnalyzer"/> as <c>nic stats</c> over them, so the stall
/// gauge means what <c>nic stats</c> says. Scrapes are serialised; the counter feed is read only here.
/// </summary>
public sealed class NicExporter : IDisposable
{
    private readonly ICounterFeed _feed;
    private readonly KernelEventCounter? _events;
    private readonly IReadOnlyList<Rule> _fixRules;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Dictionary<string, Queue<NicSample>> _windows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <param name="feed">Where readings come from.</param>
    /// <param name="events">Kernel-log event counts; null exports none.</param>
    /// <param name="rules">Knowledge for <c>nicdoctor_driver_known_fixed</c>; null exports none.</param>
    /// <param name="window">Readings the stall detector looks at (≥ 3: it needs two intervals).</param>
    /// <param name="clock">Time stamp of each reading (tests script it).</param>
    public NicExporter(ICounterFeed feed, KernelEventCounter? events, RuleBook? rules, int window = 5, Func<DateTimeOffset>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 3);
        _feed = feed;
        _events = events;
        _fixRules = rules is null ? [] : [.. rules.Rules.Where(IsPlainDriverFix)];
        Window = window;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    public int Window { get; }

    /// <summary>Takes one reading of everything and returns the metric families, in a stable order.</summary>
    public IReadOnlyList<MetricFamily> Scrape()
    {
        lock (_lock)
        {
            var packets = new MetricFamily(MetricNames.QueuePackets, MetricType.Counter,
                "Packets counted by the driver on one queue (ethtool -S per-queue counter).", "device", "driver", "queue", "direction");
            var bytes = new MetricFamily(MetricNames.QueueBytes, MetricType.Counter,
                "Bytes counted by the driver on one queue (ethtool -S per-queue counter).", "device", "driver", "queue", "direction");
            var timeouts = new MetricFamily(MetricNames.QueueTxTimeouts, MetricType.Counter,
                "Transmit watchdog timeouts on one tx queue (sysfs queues/tx-N/tx_timeout).", "device", "queue");
            var stalled = new MetricFamily(MetricNames.QueueStalled, MetricType.Gauge,
                "1 when the stall detector of `nicdoctor nic stats` finds the queue pair stalled over the last readings, else 0.", "device", "driver", "queue");
            var windowSize = new MetricFamily(MetricNames.StallWindowSamples, MetricType.Gauge,
                "Readings the stall detector looked at for this device (it needs at least 3).", "device");
            var info = new MetricFamily(MetricNames.NicInfo, MetricType.Gauge,
                "Driver facts of a network interface (ethtool -i); always 1.", "device", "driver", "version", "firmware", "bus");
            var knownFixed = new MetricFamily(MetricNames.DriverKnownFixed, MetricType.Gauge,
                "1 when the driver version has the fix a nicdoctor knowledge rule names, 0 when it predates it (absent: cannot tell).", "device", "driver", "version", "rule");

            DateTimeOffset now = _clock();
            var live = new HashSet<string>(StringComparer.Ordinal);
            foreach (NicFacts nic in _feed.Interfaces())
            {
                live.Add(nic.Name);
                string driver = nic.Driver ?? "";
                info.Add(1, nic.Name, driver, nic.DriverVersion ?? "", nic.FirmwareVersion ?? "", nic.BusInfo ?? nic.PciAddress ?? "");
                foreach (Rule rule in _fixRules)
                {
                    if (!rule.When.Driver!.Contains(driver, StringComparer.Ordinal))
                        continue;
                    FixState state = DriverVersion.Check(nic.DriverVersion, _feed.KernelRelease, rule.When.DriverLacksFix!);
                    if (state != FixState.Unknown)
                        knownFixed.Add(state == FixState.Has ? 1 : 0, nic.Name, driver, nic.DriverVersion ?? "", rule.Id);
                }

                NicSample sample = _feed.Read(nic.Name, now);
                if (!_windows.TryGetValue(nic.Name, out Queue<NicSample>? window))
                    _windows[nic.Name] = window = new Queue<NicSample>(Window + 1);
                window.Enqueue(sample);
                while (window.Count > Window)
                    window.Dequeue();

                NicStatsReport report = StallAnalyzer.Analyze(nic.Name, [.. window]);
                windowSize.Add(window.Count, nic.Name);
                foreach (QueuePairReport q in report.Queues)
                {
                    string queue = q.Queue.ToString(CultureInfo.InvariantCulture);
                    AddLast(packets, q.RxPackets, nic.Name, driver, queue, "rx");
                    AddLast(packets, q.TxPackets, nic.Name, driver, queue, "tx");
                    AddLast(bytes, q.RxBytes, nic.Name, driver, queue, "rx");
                    AddLast(bytes, q.TxBytes, nic.Name, driver, queue, "tx");
                    if (q.Verdict != QueueVerdict.Unknown)
                        stalled.Add(q.Verdict == QueueVerdict.Stalled ? 1 : 0, nic.Name, driver, queue);
                }
                foreach (TxQueueState tx in sample.TxQueues ?? [])
                {
                    if (tx.TxTimeout is { } t)
                        timeouts.Add(t, nic.Name, tx.Queue.ToString(CultureInfo.InvariantCulture));
                }
            }
            // Forget interfaces that went away, so a re-created one starts a fresh window.
            foreach (string gone in _windows.Keys.Where(k => !live.Contains(k)).ToList())
                _windows.Remove(gone);

            var families = new List<MetricFamily> { packets, bytes, timeouts, stalled, windowSize, info, knownFixed };
            if (_events is not null)
            {
                _events.Poll();
                var events = new MetricFamily(MetricNames.KernelEvents, MetricType.Counter,
                    "Kernel-log events nicdoctor recognises (netdev-watchdog, tx-hang, nic-reset, link-down…), by kind and device.", "kind", "device", "driver");
                foreach (var ((kind, device, driver), n) in _events.Counts.OrderBy(c => c.Key))
                    events.Add(n, kind, device, driver);
                var up = new MetricFamily(MetricNames.KernelLogUp, MetricType.Gauge,
                    "1 when the exporter can read the kernel log (/dev/kmsg), else 0.");
                up.Add(_events.Up ? 1 : 0);
                families.Add(events);
                families.Add(up);
            }
            return families;
        }
    }

    public void Dispose()
    {
        _feed.Dispose();
        _events?.Dispose();
    }

    // Rules whose only NIC condition is "driver D before version V": true for every NIC of D, so a
    // per-NIC gauge can carry it. Rules that also need DCB, a model or a config stay in diagnose.
    private static bool IsPlainDriverFix(Rule rule) =>
        rule.Scope == RuleScope.Nic && rule.Severity >= Severity.Warning
        && rule.When is { DriverLacksFix: not null, Driver: not null, DcbEnabled: null, ModelContains: null, SpeedAtMostMbps: null, Config: null };

    private static void AddLast(MetricFamily family, CounterTrack? track, string device, string driver, string queue, string direction)
    {
        if (track?.Last is { } value)
            family.Add(value, device, driver, queue, direction);
    }
}
