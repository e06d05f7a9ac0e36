namespace NicDoctor.Nic;

/// <summary>
/// One reading of a NIC's driver statistics (<c>ethtool -S</c> / ETHTOOL_GSTATS): names and values
/// in driver order. Names are kept exactly as the driver spells them (they may repeat, e.g. vmxnet3).
/// </summary>
public sealed class StatsSnapshot
{
    public StatsSnapshot(IReadOnlyList<string> names, IReadOnlyList<ulong> values, DateTimeOffset? time = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        if (names.Count != values.Count)
            throw new ArgumentException($"{names.Count} names but {values.Count} values", nameof(values));
        Names = names;
        Values = values;
        Time = time;
    }

    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<ulong> Values { get; }

    /// <summary>When the reading was taken; null for an untimed text capture.</summary>
    public DateTimeOffset? Time { get; }

    public int Count => Names.Count;

    /// <summary>Value of the first counter with this exact name, or null.</summary>
    public ulong? this[string name]
    {
        get
        {
            for (int i = 0; i < Names.Count; i++)
            {
                if (string.Equals(Names[i], name, StringComparison.Ordinal))
                    return Values[i];
            }
            return null;
        }
    }

    public StatsSnapshot WithTime(DateTimeOffset time) => new(Names, Values, time);
}
