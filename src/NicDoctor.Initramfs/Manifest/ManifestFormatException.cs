namespace NicDoctor.Initramfs.Manifest;

/// <summary>A manifest line that cannot be used: the message names the manifest and the line number.</summary>
public sealed class ManifestFormatException(string sourceName, int line, string reason)
    : FormatException($"{sourceName}: line {line}: {reason}")
{
    public string SourceName { get; } = sourceName;

    /// <summary>1-based line number in the manifest.</summary>
    public int Line { get; } = line;

    public string Reason { get; } = reason;
}
