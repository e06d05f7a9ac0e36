namespace NicDoctor.KernelLog;

/// <summary>Knobs of the analyzer. Defaults suit files of any size.</summary>
public sealed record KernelLogOptions
{
    /// <summary>Year used for BSD syslog lines, which carry none (the CLI passes the file's mtime year).</summary>
    public int AssumedYear { get; init; } = DateTime.UtcNow.Year;

    /// <summary>Characters of one line that are analyzed; the rest of a longer line is skipped.</summary>
    public int MaxLineLength { get; init; } = 16 * 1024;

    /// <summary>Diagnostics kept per analysis; later ones are only counted.</summary>
    public int MaxDiagnostics { get; init; } = 1000;

    /// <summary>Lines a WARNING/BUG block may span before it is closed as cut off.</summary>
    public int MaxBlockLines { get; init; } = 400;
}
