using NicDoctor.Initramfs.Compression.Encoding;

namespace NicDoctor.Initramfs.Repack;

public sealed record RepackOptions
{
    public IReadOnlyList<EntryChange> Changes { get; init; } = [];

    /// <summary>Codec and level for the rewritten part; null keeps its codec (and the level where detectable).</summary>
    public CompressionChoice? Compression { get; init; }

    /// <summary>mtime for new and replaced entries; null uses the source file's.</summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>
    /// Regenerate the module index (modules.dep, modules.alias, … and their .bin forms) of each
    /// <c>(usr/)lib/modules/KVER</c> tree a change touches, with the system <c>depmod -b</c> on a
    /// staging copy, and put the changed index files back where they were.
    /// </summary>
    public bool Depmod { get; init; }
}
