namespace NicDoctor.Initramfs.Repack;

/// <summary>What happened to one part: copied byte for byte, or rewritten (and with which codec).</summary>
public sealed record RepackedSegment(int Index, string Codec, bool Rewritten, string? WrittenWith, long InputOffset, long InputLength, long OutputOffset, long OutputLength);

/// <summary>One change as applied: <see cref="StoredAs"/> differs from the asked path when a module's compression suffix changed.</summary>
public sealed record AppliedChange(EntryChangeKind Kind, string Path, string StoredAs, int Part, long? OldSize, long? NewSize);

public sealed record RepackResult(IReadOnlyList<RepackedSegment> Segments, IReadOnlyList<AppliedChange> Changes, IReadOnlyList<string> Warnings)
{
    /// <summary>Index files rewritten with what <c>depmod</c> generated (<see cref="RepackOptions.Depmod"/>).</summary>
    public IReadOnlyList<string> RegeneratedIndexes { get; init; } = [];
}
