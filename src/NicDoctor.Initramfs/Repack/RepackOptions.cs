using NicDoctor.Initramfs.Compression.Encoding;

namespace NicDoctor.Initramfs.Repack;

public sealed record RepackOptions
{
    public IReadOnlyList<EntryChange> Changes { get; init; } = [];

    /// <summary>Codec and level for the rewritten part; null keeps its codec (and the level where detectable).</summary>
    public CompressionChoice? Compression { get; init; }

    /// <summary>mtime for new and replaced entries; null uses the source file's.</summary>
    public long? SourceDateEpoch { get; init; }
}
