using System.Runtime.Versioning;
using NicDoctor.Initramfs.Cpio;
using NicDoctor.Initramfs.Image;
using NicDoctor.Initramfs.Matching;

namespace NicDoctor.Initramfs.Extract;

/// <summary>
/// Extracts an image's entries under one directory and never writes outside it: absolute names
/// and <c>..</c> are refused, every parent directory is checked to be a real directory (so a
/// symlink planted earlier in the archive cannot be written through), files are created with
/// O_EXCL (never opened through an existing link), and hard links only point at files this
/// extraction created. Existing files are kept unless <see cref="ExtractOptions.Force"/>.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class InitramfsExtractor
{
    private readonly ExtractOptions _options;
    private readonly string _root;
    private readonly HashSet<string> _realDirectories = new(StringComparer.Ordinal);
    // Directories that were empty when this extraction made (or found) them, and every name written
    // since: a name under a fresh directory that is not in _written cannot exist, so it needs no
    // lstat/stat/readlink probe. This is most of the per-entry system calls on a large image.
    private readonly HashSet<string> _freshDirectories = new(StringComparer.Ordinal);
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _extractedByName = new(StringComparer.Ordinal); // archive name → path we wrote
    private readonly Dictionary<string, string> _linkNameByPath = new(StringComparer.Ordinal);  // the reverse, to forget replaced paths
    private readonly List<(string Path, UnixFileMode Mode, long MTime, CpioEntry Entry)> _directories = [];
    private readonly ExtractResult _result = new();
    private readonly byte[] _copyBuffer = new byte[128 * 1024];

    public InitramfsExtractor(ExtractOptions options)
    {
        _options = options;
        _root = Path.GetFullPath(options.Destination);
    }

    /// <summary>
    /// Extracts every selected entry of <paramref name="image"/>; <paramref name="progress"/> gets
    /// the offset in the image file read so far (compare with <see cref="InitramfsImage.Length"/>).
    /// </summary>
    public ExtractResult Extract(InitramfsImage image, IProgress<long>? progress = null)
    {
        bool rootIsEmpty = !Directory.Exists(_root) || !Directory.EnumerateFileSystemEntries(_root).Any();
        Directory.CreateDirectory(_root);
        _realDirectories.Add("");
        if (rootIsEmpty)
            _freshDirectories.Add("");
        while (image.GetNextSegment() is { } segment)
        {
            if (_options.Parts is { } parts && !parts.Contains(segment.Index))
                continue;
            _extractedByName.Clear(); // hard links never span parts (each ends with a trailer)
            _linkNameByPath.Clear();
            while (segment.GetNextEntry() is { } entry)
            {
                if (!PathGlob.MatchesAny(_options.Patterns, entry.Name))
                    continue;
                ExtractEntry(segment.Index, entry);
                progress?.Report(image.Position);
            }
        }
        FinishDirectories();
        return _result;
    }

    private void ExtractEntry(int part, CpioEntry entry)
    {
        string? relative = SafeRelativePath(entry.Name, out string? problem);
        if (relative is null)
        {
            if (problem is not null)
                _result.Skipped.Add(new SkippedEntry(part, entry.Name, problem, Unsafe: true));
            return; // "." and friends: the destination itself
        }
        string? unsafeParent = EnsureParents(relative);
        if (unsafeParent is not null)
        {
            _result.Skipped.Add(new SkippedEntry(part, entry.Name, $"parent '{unsafeParent}' is not a real directory (symlink or file): refusing to write through it", Unsafe: true));
            return;
        }
        string full = Path.Join(_root, relative);
        // Whatever this entry is, the path no longer holds a hard-linked inode we wrote: a later
        // name of that inode must not write through whatever replaced it (a symlink out, say).
        if (_linkNameByPath.Remove(full, out string? linkedName))
            _extractedByName.Remove(linkedName);
        bool exists = false;
        bool existingIsRealDir = false;
        if (!CannotExist(relative))
        {
            var existing = new FileInfo(full);
            exists = existing.Exists || Directory.Exists(full) || existing.LinkTarget is not null;
            existingIsRealDir = existing.LinkTarget is null && Directory.Exists(full);
        }
        _written.Add(relative);

        if (entry.EntryType == CpioEntryType.Directory)
        {
            if (exists && !existingIsRealDir)
            {
                if (!_options.Force)
                    throw Exists(full);
                File.Delete(full);
            }
            if (!existingIsRealDir)
            {
                Directory.CreateDirectory(full);
                _freshDirectories.Add(relative);
            }
            _realDirectories.Add(relative);
            _directories.Add((full, entry.Permissions, entry.ModificationTimeSeconds, entry));
            _result.Directories++;
            return;
        }

        if (existingIsRealDir)
        {
            _result.Skipped.Add(new SkippedEntry(part, entry.Name, "a directory of that name exists; not replacing a directory", Unsafe: false));
            return;
        }
        if (exists && !_options.Force)
            throw Exists(full);
        _realDirectories.Remove(relative);

        switch (entry.EntryType)
        {
            case CpioEntryType.RegularFile:
                WriteRegularFile(entry, full, exists);
                break;
            case CpioEntryType.SymbolicLink:
                if (exists)
                    File.Delete(full);
                File.CreateSymbolicLink(full, entry.LinkTarget!);
                _result.SymbolicLinks++;
                RestoreOwner(full, entry);
                break;
            default:
                if (!CreateSpecial(part, entry, full, exists))
                    return;
                break;
        }
    }

    private void WriteRegularFile(CpioEntry entry, string full, bool exists)
    {
        // A later name of a hard-linked inode: link to the path we wrote for the first name.
        if (entry.HardLinkTarget is { } first && _extractedByName.TryGetValue(first, out string? firstPath)
            && new FileInfo(firstPath).LinkTarget is null)
        {
            if (entry.Length > 0)
            {
                // Data on a later instance (GNU cpio puts it on the last): it belongs to every name.
                using (var stream = new FileStream(firstPath, FileMode.Truncate, FileAccess.Write, FileShare.None))
                    Copy(entry, stream);
                FinishFile(firstPath, entry); // writing bumped the shared inode's mtime
                _result.Bytes += entry.Length;
            }
            if (exists)
                File.Delete(full);
            UnixNative.Check(UnixNative.Link(firstPath, full), "cannot hard-link", full);
            _result.HardLinks++;
            return;
        }

        if (!exists)
        {
            using UnixNative.NewFile? file = UnixNative.CreateExclusive(full);
            if (file is not null)
                WriteAndFinish(entry, file, flushToDisk: false);
            else if (!_options.Force)
                throw Exists(full);
            exists = file is null;
        }
        if (exists)
        {
            // Never a partial write over existing data: temp file in the same directory, fsync, rename.
            string temp = Path.Join(Path.GetDirectoryName(full), $".{Path.GetFileName(full)}.nicdoctor-{Environment.ProcessId}");
            using (UnixNative.NewFile file = UnixNative.CreateExclusive(temp) ?? throw Exists(temp))
                WriteAndFinish(entry, file, flushToDisk: true);
            File.Move(temp, full, overwrite: true);
        }
        _result.Files++;
        _result.Bytes += entry.Length;
        if (entry.LinkCount > 1)
        {
            _extractedByName[entry.Name] = full;
            _linkNameByPath[full] = entry.Name;
        }
    }

    private void WriteAndFinish(CpioEntry entry, UnixNative.NewFile file, bool flushToDisk)
    {
        if (entry.DataStream is { } data)
        {
            int n;
            while ((n = data.Read(_copyBuffer)) > 0)
                file.Write(_copyBuffer.AsSpan(0, n));
        }
        file.Finish(_options.RestoreOwnership ? (entry.Uid, entry.Gid) : null, (uint)entry.Permissions, entry.ModificationTimeSeconds, flushToDisk);
    }

    /// <summary>True when <paramref name="relative"/> is directly under a fresh directory and this run has not written it.</summary>
    private bool CannotExist(string relative)
    {
        int slash = relative.LastIndexOf('/');
        string parent = slash < 0 ? "" : relative[..slash];
        return _freshDirectories.Contains(parent) && !_written.Contains(relative);
    }

    private void Copy(CpioEntry entry, FileStream destination)
    {
        if (entry.DataStream is not { } data)
            return;
        int n;
        while ((n = data.Read(_copyBuffer)) > 0)
            destination.Write(_copyBuffer, 0, n);
    }

    private void FinishFile(string path, CpioEntry entry)
    {
        RestoreOwner(path, entry);
        File.SetUnixFileMode(path, entry.Permissions); // after chown, which clears setuid bits
        File.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
    }

    private bool CreateSpecial(int part, CpioEntry entry, string full, bool exists)
    {
        bool isFifo = entry.EntryType == CpioEntryType.Fifo;
        if (!isFifo && !_options.RestoreOwnership)
        {
            _result.Skipped.Add(new SkippedEntry(part, entry.Name, "device nodes and sockets are created only as root", Unsafe: false));
            return false;
        }
        if (entry.EntryType == CpioEntryType.Unknown)
        {
            _result.Skipped.Add(new SkippedEntry(part, entry.Name, $"unknown file type in mode 0{Convert.ToString(entry.RawMode, 8)}", Unsafe: false));
            return false;
        }
        if (exists)
            File.Delete(full);
        UnixNative.Check(UnixNative.Mknod(full, entry.RawMode & 0xF1FF, UnixNative.MakeDevice(entry.RDevMajor, entry.RDevMinor)), "cannot create", full);
        FinishFile(full, entry);
        _result.SpecialFiles++;
        return true;
    }

    private void RestoreOwner(string path, CpioEntry entry)
    {
        if (_options.RestoreOwnership)
            UnixNative.Check(UnixNative.Lchown(path, entry.Uid, entry.Gid), "cannot chown", path);
    }

    private void FinishDirectories()
    {
        // Deepest first, so a read-only parent is locked only after its children are in place.
        for (int i = _directories.Count - 1; i >= 0; i--)
        {
            var (path, mode, mtime, entry) = _directories[i];
            RestoreOwner(path, entry);
            File.SetUnixFileMode(path, mode);
            Directory.SetLastWriteTimeUtc(path, DateTimeOffset.FromUnixTimeSeconds(mtime).UtcDateTime);
        }
    }

    /// <summary>
    /// Creates missing parents as real directories and checks existing ones are real directories.
    /// Returns the first unsafe parent, or null.
    /// </summary>
    private string? EnsureParents(string relative)
    {
        int slash = relative.LastIndexOf('/');
        if (slash < 0)
            return null;
        string parent = relative[..slash];
        if (_realDirectories.Contains(parent))
            return null;
        int start = 0;
        while (start <= parent.Length)
        {
            int next = parent.IndexOf('/', start);
            string prefix = next < 0 ? parent : parent[..next];
            if (!_realDirectories.Contains(prefix))
            {
                string full = Path.Join(_root, prefix);
                var info = new DirectoryInfo(full);
                if (info.LinkTarget is not null || File.Exists(full))
                    return prefix;
                if (!info.Exists)
                {
                    Directory.CreateDirectory(full);
                    _freshDirectories.Add(prefix);
                }
                _written.Add(prefix);
                _realDirectories.Add(prefix);
            }
            if (next < 0)
                break;
            start = next + 1;
        }
        return null;
    }

    /// <summary>
    /// The entry name as a path under the destination, or null. Leading "./" is dropped (as cpio
    /// does); absolute names and any ".." component are refused (<paramref name="problem"/> says why).
    /// </summary>
    internal static string? SafeRelativePath(string name, out string? problem)
    {
        problem = null;
        if (name.StartsWith('/'))
        {
            problem = "absolute name: refusing to write outside the destination";
            return null;
        }
        var parts = new List<string>();
        foreach (string component in name.Split('/'))
        {
            if (component.Length == 0 || component == ".")
                continue;
            if (component == "..")
            {
                problem = "name contains '..': refusing to write outside the destination";
                return null;
            }
            parts.Add(component);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    private static IOException Exists(string path) =>
        new($"{path}: already exists (use --force to overwrite)");
}
