using System.Globalization;
using System.Text.RegularExpressions;

namespace NicDoctor.Nic.Queues;

/// <summary>
/// Maps driver statistic names to (direction, queue, counter). One row per naming scheme; the
/// first row whose pattern matches wins. To support a new driver, add a row (and a fixture).
/// </summary>
public static partial class QueueCounterNaming
{
    /// <summary>One naming scheme. Patterns have named groups <c>dir</c> (rx|tx), <c>q</c> and <c>c</c>.</summary>
    public sealed record Scheme(string Drivers, Regex Pattern, string Example);

    /// <summary>The data table: every per-queue naming scheme nicdoctor knows.</summary>
    public static IReadOnlyList<Scheme> Schemes { get; } =
    [
        // i40e/iavf/sfc: "tx-44.tx_packets" (i40e ≤ 2.1, RHEL 7.3/7.4) and "tx-44.packets" (RHEL 7.9, 6.x).
        new("i40e, iavf, sfc", DashDot(), "tx-44.tx_packets"),
        // ixgbe, ice, igb, igc, ifb, veth, virtio_net before 6.x: "tx_queue_0_packets".
        new("ixgbe, ice, igb, igc, veth, ifb, virtio_net (old)", UnderscoreQueue(), "tx_queue_0_packets"),
        // ena: "queue_0_tx_cnt".
        new("ena", EnaQueue(), "queue_0_tx_cnt"),
        // bnxt: "[0]: tx_ucast_packets".
        new("bnxt_en", Bracketed(), "[0]: tx_ucast_packets"),
        // mlx5/mlx4 and virtio_net 6.x: "tx0_packets", "rx3_bytes".
        new("mlx5_core, mlx4_en, virtio_net", Compact(), "tx0_packets"),
    ];

    // Synonyms drivers use for the packet counter.
    private static readonly Dictionary<string, string> CounterAliases = new(StringComparer.Ordinal)
    {
        ["cnt"] = QueueCounterName.Packets, // ena
        ["pkts"] = QueueCounterName.Packets,
        ["ucast_pkts"] = "ucast_packets", // vmxnet3
        ["ucast_bytes"] = "ucast_bytes",
    };

    /// <summary>Recognises one statistic name, or returns false when it is not a per-queue counter.</summary>
    public static bool TryParse(string name, out QueueCounterName counter)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (Scheme scheme in Schemes)
        {
            Match m = scheme.Pattern.Match(name);
            if (!m.Success)
                continue;
            var dir = m.Groups["dir"].ValueSpan[0] == 'r' ? QueueDirection.Rx : QueueDirection.Tx;
            int queue = int.Parse(m.Groups["q"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
            counter = new QueueCounterName(dir, queue, NormaliseCounter(m.Groups["c"].Value, dir));
            return true;
        }
        counter = default;
        return false;
    }

    /// <summary>
    /// Every per-queue counter of a snapshot with its index in the snapshot. Also handles vmxnet3,
    /// whose names carry no queue: a <c>Tx Queue#</c> statistic (value = queue index) opens a block
    /// of <c>ucast pkts tx</c>-style names.
    /// </summary>
    public static IReadOnlyList<(int Index, QueueCounterName Name)> Classify(StatsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var result = new List<(int, QueueCounterName)>();
        (QueueDirection Dir, int Queue)? block = null;
        for (int i = 0; i < snapshot.Count; i++)
        {
            string name = snapshot.Names[i];
            string trimmed = name.Trim();
            if (trimmed is "Tx Queue#" or "Rx Queue#")
            {
                block = (trimmed[0] == 'T' ? QueueDirection.Tx : QueueDirection.Rx, checked((int)snapshot.Values[i]));
                continue;
            }
            if (TryParse(trimmed, out QueueCounterName c))
            {
                result.Add((i, c));
                block = null;
                continue;
            }
            if (block is { } b && name.StartsWith(' '))
            {
                // vmxnet3: "  ucast pkts tx" → ucast_packets; the direction word ends the name.
                string counter = trimmed.ToLowerInvariant().Replace(' ', '_');
                foreach (string suffix in new[] { "_tx", "_rx" })
                {
                    if (counter.EndsWith(suffix, StringComparison.Ordinal))
                        counter = counter[..^suffix.Length];
                }
                result.Add((i, new QueueCounterName(b.Dir, b.Queue, CounterAliases.GetValueOrDefault(counter, counter))));
                continue;
            }
            block = null;
        }
        return result;
    }

    private static string NormaliseCounter(string raw, QueueDirection dir)
    {
        string lower = raw.ToLowerInvariant();
        // i40e "tx-44.tx_packets", bnxt "[0]: tx_ucast_packets": drop the repeated direction.
        string prefix = dir == QueueDirection.Rx ? "rx_" : "tx_";
        if (lower.StartsWith(prefix, StringComparison.Ordinal))
            lower = lower[prefix.Length..];
        return CounterAliases.GetValueOrDefault(lower, lower);
    }

    [GeneratedRegex(@"^(?<dir>rx|tx)-(?<q>\d+)\.(?<c>\w+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DashDot();

    [GeneratedRegex(@"^(?<dir>rx|tx)_queue_(?<q>\d+)_(?<c>\w+)$", RegexOptions.CultureInvariant)]
    private static partial Regex UnderscoreQueue();

    [GeneratedRegex(@"^queue_(?<q>\d+)_(?<dir>rx|tx)_(?<c>\w+)$", RegexOptions.CultureInvariant)]
    private static partial Regex EnaQueue();

    [GeneratedRegex(@"^\[(?<q>\d+)\]: (?<dir>rx|tx)_(?<c>\w+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"^(?<dir>rx|tx)(?<q>\d+)_(?<c>\w+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Compact();
}
