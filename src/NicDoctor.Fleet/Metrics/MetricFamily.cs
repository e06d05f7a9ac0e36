namespace NicDoctor.Fleet.Metrics;

/// <summary>One metric name with its help text, type and label names, and the series under it.</summary>
public sealed class MetricFamily(string name, MetricType type, string help, params string[] labelNames)
{
    private readonly List<(string[] Labels, double Value, ulong? Exact)> _series = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public MetricType Type { get; } = type;
    public string Help { get; } = help;
    public IReadOnlyList<string> LabelNames { get; } = labelNames;
    public IReadOnlyList<(string[] Labels, double Value, ulong? Exact)> Series => _series;

    /// <summary>
    /// Adds a series; label values in <see cref="LabelNames"/> order. A second series with the same
    /// label values is ignored (the exposition format forbids duplicates); returns false then.
    /// </summary>
    public bool Add(double value, params string[] labelValues) => Add(value, null, labelValues);

    /// <summary>Adds a counter value exactly (a double holds integers only up to 2^53).</summary>
    public bool Add(ulong value, params string[] labelValues) => Add(value, value, labelValues);

    private bool Add(double value, ulong? exact, string[] labelValues)
    {
        ArgumentNullException.ThrowIfNull(labelValues);
        if (labelValues.Length != LabelNames.Count)
            throw new ArgumentException($"{Name}: {labelValues.Length} label values for {LabelNames.Count} labels", nameof(labelValues));
        if (!_seen.Add(string.Join('\0', labelValues)))
            return false;
        _series.Add((labelValues, value, exact));
        return true;
    }
}
