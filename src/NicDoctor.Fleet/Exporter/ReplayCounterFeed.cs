using NicDoctor.Nic;
using NicDoctor.Nic.Live;
using NicDoctor.Nic.Sampling;
using NicDoctor.Nic.Sources;

namespace NicDoctor.Fleet.Exporter;

/// <summary>
/// The exporter's test input: capture directories (a bundle, a sosreport, the sample incident)
/// replayed one recorded <c>ethtool -S</c> sample per scrape. After the last recorded sample each
/// counter keeps moving by its last recorded step, so a queue frozen in the capture stays frozen
/// and a busy one keeps counting for as long as Prometheus scrapes (an alert's <c>for:</c> needs that).
/// </summary>
public sealed class ReplayCounterFeed : ICounterFeed
{
    private readonly List<Replay> _replays = [];

    public ReplayCounterFeed(IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        foreach (string dir in directories)
        {
            using var source = new CaptureDirectorySource(dir);
            var sysfs = source.Root is { } root ? new SysfsNetReader(root) : null;
            KernelRelease ??= ReadRelease(dir);
            foreach (NicFacts facts in source.Inventory())
            {
                if (_replays.Any(r => r.Facts.Name == facts.Name))
                    continue; // the first directory that has an interface name owns it
                IReadOnlyList<NicSample> samples;
                try
                {
                    samples = source.Samples(facts.Name, 0, TimeSpan.Zero, SystemSampleClock.Instance, CancellationToken.None);
                }
                catch (FileNotFoundException)
                {
                    continue; // no ethtool -S capture: nothing to replay
                }
                if (samples.Count == 0)
                    continue;
                IReadOnlyList<TxQueueState>? tx = sysfs is not null && sysfs.Exists(facts.Name) ? sysfs.ReadTxQueues(facts.Name) : null;
                _replays.Add(new Replay(facts, [.. samples.Select(s => s.Stats)], tx));
            }
        }
    }

    public string? KernelRelease { get; }

    public IReadOnlyList<NicFacts> Interfaces() => [.. _replays.Select(r => r.Facts)];

    public NicSample Read(string interfaceName, DateTimeOffset now)
    {
        Replay replay = _replays.FirstOrDefault(r => r.Facts.Name == interfaceName)
            ?? throw new ArgumentException($"{interfaceName}: not in the replayed captures", nameof(interfaceName));
        int k = replay.Next++;
        return new NicSample(now, Step(replay.Stats, k).WithTime(now), replay.TxQueues);
    }

    public void Dispose()
    {
    }

    /// <summary>Sample <paramref name="k"/>: recorded while there are recordings, then the last one plus (k - last) steps.</summary>
    internal static StatsSnapshot Step(IReadOnlyList<StatsSnapshot> recorded, int k)
    {
        if (k < recorded.Count)
            return recorded[k];
        StatsSnapshot last = recorded[^1];
        if (recorded.Count < 2 || !SameNames(recorded[^2], last))
            return last;
        StatsSnapshot prev = recorded[^2];
        ulong steps = (ulong)(k - (recorded.Count - 1));
        var values = new ulong[last.Count];
        for (int i = 0; i < values.Length; i++)
        {
            ulong step = last.Values[i] >= prev.Values[i] ? last.Values[i] - prev.Values[i] : 0;
            values[i] = last.Values[i] + (step * steps);
        }
        return new StatsSnapshot(last.Names, values);
    }

    private static bool SameNames(StatsSnapshot a, StatsSnapshot b) =>
        a.Count == b.Count && a.Names.SequenceEqual(b.Names, StringComparer.Ordinal);

    private static string? ReadRelease(string dir)
    {
        foreach (string rel in new[] { "uname_-r", "sos_commands/kernel/uname_-r", "proc/sys/kernel/osrelease" })
        {
            string path = Path.Combine(dir, rel);
            if (File.Exists(path))
                return File.ReadLines(path).FirstOrDefault()?.Trim();
        }
        return null;
    }

    private sealed class Replay(NicFacts facts, IReadOnlyList<StatsSnapshot> stats, IReadOnlyList<TxQueueState>? txQueues)
    {
        public NicFacts Facts { get; } = facts;
        public IReadOnlyList<StatsSnapshot> Stats { get; } = stats;
        public IReadOnlyList<TxQueueState>? TxQueues { get; } = txQueues;
        public int Next { get; set; }
    }
}
