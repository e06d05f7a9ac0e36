namespace NicDoctor.Initramfs.Repack;

public enum EntryChangeKind
{
    Add,
    Replace,
    Remove,
}

/// <summary>One asked-for change: <c>--add SRC=PATH</c>, <c>--replace SRC=PATH</c> or <c>--remove PATH</c>.</summary>
public sealed record EntryChange(EntryChangeKind Kind, string ArchivePath, string? SourceFile = null)
{
    /// <summary>Parses <c>SRC=PATH</c> (the local file, then the path inside the image).</summary>
    public static EntryChange Parse(EntryChangeKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (kind == EntryChangeKind.Remove)
            return new EntryChange(kind, text);
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1)
            throw new FormatException($"'{text}': expected SRC=PATH (a local file, '=', the path inside the image)");
        return new EntryChange(kind, text[(eq + 1)..], text[..eq]);
    }
}
