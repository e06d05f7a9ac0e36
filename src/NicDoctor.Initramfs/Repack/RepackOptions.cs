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

    /// <summary>
    /// Leave every part as it is and append one more part holding the new and replaced entries: the
    /// kernel unpacks parts in order and a later copy of a path replaces the earlier one, so nothing
    /// is re-encoded but the appended entries. The old copies stay in the image (it grows by the new
    /// files), <c>--remove</c> is impossible, and tools that stop after the first compressed part
    /// (lsinitrd, 3cpio, cpio -i) do not see the appended part. Refused after an lz4 part (the
    /// kernel's unlz4 reads to the end of the image).
    /// </summary>
    public bool Append { get; init; }

    /// <summary>
    /// Keep the file OUT replaces under this name (<c>--in-place</c>: IN.bak), made only once the new
    /// image is complete, just before the rename; refused before any work if it exists.
    /// </summary>
    public string? Backup { get; init; }
}
