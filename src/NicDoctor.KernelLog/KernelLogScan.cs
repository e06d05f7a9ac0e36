namespace NicDoctor.KernelLog;

/// <summary>What scanning one source produced besides its events: how much was read and what was odd.</summary>
public sealed class KernelLogScan
{
    public required string Source { get; init; }

    /// <summary>Physical lines read.</summary>
    public long Lines { get; init; }

    public required IReadOnlyList<LogDiagnostic> Diagnostics { get; init; }

    /// <summary>Diagnostics past the cap, counted but not kept.</summary>
    public long DiagnosticsDropped { get; init; }
}
