using System.Security.Cryptography;
using NicDoctor.Initramfs.Cpio;
using NicDoctor.Initramfs.Image;
using NicDoctor.Initramfs.Repack;

namespace NicDoctor.Initramfs.Diff;

/// <summary>
/// Entry-level comparison of two images as the kernel would unpack them: paths compared without
/// "./", the last copy of a path wins, mtimes ignored (every rebuild changes them), file data
/// compared by SHA-256. Both images are streamed once.
/// </summary>
public static class InitramfsDiff
{
    public static ImageDifference Compare(string before, string after)
    {
        using InitramfsImage a = InitramfsImage.Open(before);
        using InitramfsImage b = InitramfsImage.Open(after);
        return Compare(Digest(a), Digest(b));
    }

    public static ImageDifference Compare(IReadOnlyDictionary<string, EntryDigest> before, IReadOnlyDictionary<string, EntryDigest> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var differences = new List<EntryDifference>();
        foreach (string path in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            EntryDigest? x = before.GetValueOrDefault(path);
            EntryDigest? y = after.GetValueOrDefault(path);
            if (x is null)
                differences.Add(new EntryDifference(path, DifferenceKind.Added, null, y, []));
            else if (y is null)
                differences.Add(new EntryDifference(path, DifferenceKind.Removed, x, null, []));
            else if (ChangedFields(x, y) is { Count: > 0 } fields)
                differences.Add(new EntryDifference(path, DifferenceKind.Changed, x, y, fields));
        }
        return new ImageDifference(before.Count, after.Count, differences);
    }

    /// <summary>Every path of an image with its digest; later copies replace earlier ones, as when the kernel unpacks.</summary>
    public static IReadOnlyDictionary<string, EntryDigest> Digest(InitramfsImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var entries = new Dictionary<string, EntryDigest>(StringComparer.Ordinal);
        while (image.GetNextSegment() is { } segment)
        {
            while (segment.GetNextEntry() is { } entry)
            {
                string path = ArchivePath.Normalize(entry.Name);
                // A data-less hard-link name is the same file as the name that carries the data.
                if (entry.EntryType == CpioEntryType.RegularFile && entry.DataStream is null && entry.HardLinkTarget is { } first
                    && entries.TryGetValue(ArchivePath.Normalize(first), out EntryDigest? linked))
                {
                    entries[path] = linked with { Path = path, Mode = entry.RawMode };
                    continue;
                }
                string? sha = entry.EntryType == CpioEntryType.RegularFile
                    ? Convert.ToHexStringLower(entry.DataStream is { } data ? SHA256.HashData(data) : SHA256.HashData(ReadOnlySpan<byte>.Empty))
                    : null;
                entries[path] = new EntryDigest(path, entry.EntryType, entry.RawMode & 0xFFF, entry.Uid, entry.Gid, entry.Length, sha, entry.LinkTarget, segment.Index);
            }
        }
        return entries;
    }

    private static List<string> ChangedFields(EntryDigest x, EntryDigest y)
    {
        var fields = new List<string>();
        if (x.Type != y.Type)
            fields.Add("type");
        if (x.Mode != y.Mode)
            fields.Add("mode");
        if (x.Uid != y.Uid || x.Gid != y.Gid)
            fields.Add("owner");
        if (x.Size != y.Size)
            fields.Add("size");
        if (x.Sha256 != y.Sha256)
            fields.Add("sha256");
        if (x.LinkTarget != y.LinkTarget)
            fields.Add("link target");
        return fields;
    }
}
