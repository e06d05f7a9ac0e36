namespace NicDoctor.KernelLog.Extraction;

/// <summary>Collects diagnostics up to a cap; past it, only counts (memory stays bounded on garbage).</summary>
internal sealed class DiagnosticBag(int max)
{
    private readonly HashSet<(LogDiagnosticId, string)> onceKeys = [];

    public List<LogDiagnostic> Items { get; } = [];

    public long Dropped { get; private set; }

    public void Add(LogDiagnosticId id, string source, long line, string message)
    {
        if (Items.Count < max)
            Items.Add(new LogDiagnostic(id, source, line, message));
        else
            Dropped++;
    }

    /// <summary>Adds a diagnostic of this kind for this source only the first time (binary data, invalid UTF-8).</summary>
    public void AddOnce(LogDiagnosticId id, string source, long line, string message)
    {
        if (onceKeys.Add((id, source)))
            Add(id, source, line, message);
    }
}
