namespace NicDoctor.Initramfs.Extract;

/// <summary>Counts and the entries refused for safety.</summary>
public sealed class ExtractResult
{
    public int Files { get; internal set; }
    public int Directories { get; internal set; }
    public int SymbolicLinks { get; internal set; }
    public int HardLinks { get; internal set; }
    public int SpecialFiles { get; internal set; }
    public long Bytes { get; internal set; }

    /// <summary>Entries not written, each with the reason (unsafe name, write through symlink, not root...).</summary>
    public List<SkippedEntry> Skipped { get; } = [];
}

/// <summary>An entry that was not extracted.</summary>
public sealed record SkippedEntry(int Part, string Name, string Reason, bool Unsafe);
