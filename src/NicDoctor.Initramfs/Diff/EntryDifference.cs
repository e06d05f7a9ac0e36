namespace NicDoctor.Initramfs.Diff;

public enum DifferenceKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>One path that differs; <see cref="Fields"/> names what changed (size, mode, sha256, type, owner, link target).</summary>
public sealed record EntryDifference(string Path, DifferenceKind Kind, EntryDigest? Before, EntryDigest? After, IReadOnlyList<string> Fields);

/// <summary>All differences between two images, in path order, with the entry counts of each side.</summary>
public sealed record ImageDifference(int EntriesBefore, int EntriesAfter, IReadOnlyList<EntryDifference> Differences);
