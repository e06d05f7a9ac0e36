using System.Text;
using NicDoctor.Initramfs.Compression;
using NicDoctor.Initramfs.Compression.Encoding;
using NicDoctor.Initramfs.Cpio;
using NicDoctor.Initramfs.Image;
using NicDoctor.Initramfs.Write;

namespace NicDoctor.Initramfs.Repack;

/// <summary>
/// Changes named entries of an image and nothing else, in one pass over the image: each part is
/// decoded once; a part that holds a target (or, for additions, the last part) is re-encoded as it
/// is read, with its own codec and, where the data says, level. A part found untouched is copied
/// byte for byte from the input instead (its speculative re-encoding, if any, is dropped). Parts
/// after every target has been found are only decoded, never re-encoded. Errors found during the
/// pass (a name that is not in the image) abandon the temporary file: OUT is never partly written.
/// </summary>
public static class InitramfsRepacker
{
    /// <summary>Repacks <paramref name="inputPath"/> into <paramref name="outputPath"/> (written atomically; may equal the input).</summary>
    public static RepackResult Repack(string inputPath, string outputPath, RepackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Changes.Count == 0)
            throw new ArgumentException("nothing to change: give --add, --replace or --remove");
        string imageName = Path.GetFileName(inputPath);
        var warnings = new List<string>();
        var changes = new List<PendingChange>();
        foreach (EntryChange change in options.Changes)
        {
            string path = ArchivePath.Validate(change.ArchivePath);
            if (change.Kind != EntryChangeKind.Remove && !File.Exists(change.SourceFile))
                throw new FileNotFoundException($"{change.SourceFile}: no such file (source of {path})", change.SourceFile);
            if (changes.Any(c => c.Path == path))
                throw new ArgumentException($"{path}: named by more than one change");
            changes.Add(new PendingChange(change.Kind, path, change.SourceFile));
        }

        using DepmodStage? depmod = options.Depmod ? DepmodStage.Run(inputPath, changes, warnings) : null;
        if (depmod is not null)
            changes.AddRange(depmod.IndexReplacements.Select(r => new PendingChange(EntryChangeKind.Replace, r.Path, r.Source) { Generated = true }));

        if (options.Backup is { } backup && Path.Exists(backup))
            throw new IOException($"{backup}: exists; a backup is never overwritten (move it away first)");
        var pass = new Pass(imageName, changes, options);
        if (options.Append)
            AtomicFile.Write(outputPath, output => pass.Append(inputPath, output), null, options.Backup);
        else
            AtomicFile.Write(outputPath, output => pass.Run(inputPath, output), null, options.Backup);
        warnings.AddRange(pass.Notes);
        if (depmod is null)
            warnings.AddRange(StaleIndexWarnings(pass.Applied, pass.ModuleDeps));
        return new RepackResult(pass.Segments, pass.Applied, warnings) { RegeneratedIndexes = depmod?.IndexReplacements.Select(r => r.Path).ToList() ?? [] };
    }

    internal sealed class PendingChange(EntryChangeKind kind, string path, string? source)
    {
        public EntryChangeKind Kind { get; } = kind;
        public string Path { get; } = path;
        public string? Source { get; } = source;
        public string? Stem { get; } = ArchivePath.ModuleStem(path);

        /// <summary>An index file written by depmod, not asked for by the caller (not reported as a change).</summary>
        public bool Generated { get; init; }

        /// <summary>Parts in which the target was found.</summary>
        public int Holders { get; set; }
    }

    /// <summary>The single pass: the reader over the image, the raw input for byte-exact copies, the output.</summary>
    private sealed class Pass(string imageName, List<PendingChange> changes, RepackOptions options)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
        private readonly List<PendingChange> _adds = [.. changes.Where(c => c.Kind == EntryChangeKind.Add)];
        private readonly List<PendingChange> _targets = [.. changes.Where(c => c.Kind != EntryChangeKind.Add)];

        public List<RepackedSegment> Segments { get; } = [];
        public List<AppliedChange> Applied { get; } = [];
        public Dictionary<string, string> ModuleDeps { get; } = new(StringComparer.Ordinal);
        public List<string> Notes { get; } = [];

        public void Run(string inputPath, FileStream output)
        {
            using var raw = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var source = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var image = new InitramfsImage(source, imageName, leaveOpen: true);
            long copiedTo = 0;
            while (image.GetNextSegment() is { } segment)
            {
                CopyRange(raw, output, copiedTo, segment.Offset - copiedTo);
                long outStart = output.Position;
                CompressionChoice choice = ChoiceFor(raw, segment.Offset, segment.Compression);
                // Re-encode while reading only where a target may still be: a part after every
                // target was found is decoded (for duplicates and the layout) but not re-encoded.
                bool speculate = _adds.Count > 0 || _targets.Any(t => t.Holders == 0);
                bool touched = Rewrite(segment, speculate ? output : null, choice, raw);
                if (touched && !speculate)
                {
                    // A later copy of a target (the kernel keeps the last one): decode this part again, now writing.
                    using var slice = new StreamSlice(raw, segment.Offset, segment.End - segment.Offset);
                    using var again = new InitramfsImage(slice, imageName, leaveOpen: true);
                    Rewrite(again.GetNextSegment()!, output, choice, raw, isLastKnown: IsLast(raw, segment.End));
                }
                else if (!touched)
                {
                    output.SetLength(outStart);
                    output.Position = outStart;
                    CopyRange(raw, output, segment.Offset, segment.End - segment.Offset);
                }
                Segments.Add(new RepackedSegment(segment.Index, segment.CodecName, touched, touched ? choice.ToString() : null,
                    segment.Offset, segment.End - segment.Offset, outStart, output.Position - outStart));
                if (touched && segment.Compression == CompressionMethod.None && options.Compression is { Method: not CompressionMethod.None })
                    Notes.Add($"part {segment.Index} stays uncompressed (early microcode and ACPI tables must be): --compress applies to compressed parts");
                copiedTo = segment.End;
            }
            if (Segments.Count == 0)
                throw new CpioFormatException(imageName, 0, "the image holds no cpio archive");
            CopyRange(raw, output, copiedTo, raw.Length - copiedTo);
            // Before the temporary file is renamed: OUT stays as it was.
            foreach (PendingChange c in _targets.Where(c => c.Holders == 0))
                throw new ArgumentException($"{c.Path}: not in {imageName}" + (c.Kind == EntryChangeKind.Replace ? "; use --add for a new file" : ""));
        }

        /// <summary>
        /// <see cref="RepackOptions.Append"/>: the input byte for byte, zero padding to 4 bytes, then one
        /// more part with the replacements (taking the header fields of the copy the kernel would keep)
        /// and the additions. The image is decoded once, without re-encoding, to find the targets.
        /// </summary>
        public void Append(string inputPath, FileStream output)
        {
            if (_targets.FirstOrDefault(t => t.Kind == EntryChangeKind.Remove) is { } remove)
                throw new ArgumentException($"{remove.Path}: --append cannot remove an entry (a later part can only add or overwrite); repack without --append");
            var keep = new Dictionary<PendingChange, (CpioEntryHeader Header, string Path, int Part)>();
            CompressionMethod lastCodec = CompressionMethod.None;
            using (var source = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            using (var image = new InitramfsImage(source, imageName, leaveOpen: true))
            {
                while (image.GetNextSegment() is { } segment)
                {
                    if (segment.Compression == CompressionMethod.Lz4)
                        throw new NotSupportedException($"part {segment.Index} is lz4: the kernel's unlz4 reads to the end of the image, so nothing can follow it; repack without --append");
                    if (segment.Compression != CompressionMethod.None)
                        lastCodec = segment.Compression;
                    while (segment.GetNextEntry() is { } entry)
                    {
                        string path = ArchivePath.Normalize(entry.Name);
                        if (entry.Name == "TRAILER!!!")
                            continue;
                        _seen.Add(path);
                        if (entry.EntryType == CpioEntryType.Directory)
                            _directories.Add(path);
                        if (Match(path) is { } target)
                        {
                            target.Holders++;
                            keep[target] = (CpioEntryHeader.From(entry), path, segment.Index); // the last copy wins
                        }
                        else if (path.EndsWith("/modules.dep", StringComparison.Ordinal) && entry.DataStream is { } dep)
                            ModuleDeps[path] = Encoding.UTF8.GetString(ReadAll(dep));
                    }
                    Segments.Add(new RepackedSegment(segment.Index, segment.CodecName, false, null, segment.Offset, segment.End - segment.Offset, segment.Offset, segment.End - segment.Offset));
                }
            }
            foreach (PendingChange c in _targets.Where(c => c.Holders == 0))
                throw new ArgumentException($"{c.Path}: not in {imageName}; use --add for a new file");

            using (var raw = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
                CopyRange(raw, output, 0, raw.Length);
            output.Write(new byte[(int)(-output.Position & 3)]); // the kernel looks for a cpio header only at 4-byte offsets
            long start = output.Position;
            CompressionChoice choice = options.Compression
                ?? (CompressionEncoders.CanWrite(lastCodec) ? new CompressionChoice(lastCodec) : CompressionChoice.None);
            int part = Segments.Count + 1;
            using (Stream encoded = CompressionEncoders.Open(output, choice))
            {
                using var cpio = new CpioWriter(encoded, CpioFormat.Newc, leaveOpen: true);
                foreach ((PendingChange target, (CpioEntryHeader header, string path, _)) in keep)
                {
                    string newName = NewName(path, target.Source!);
                    if (newName != path)
                        Notes.Add($"{path} stays in part {keep[target].Part} beside the appended {newName} (--append cannot remove it)");
                    WriteFile(cpio, newName, target.Source!, header.Mode, header.Uid, header.Gid, options.SourceDateEpoch);
                    if (!target.Generated)
                        Applied.Add(new AppliedChange(EntryChangeKind.Replace, path, newName, part, header.Size, new FileInfo(target.Source!).Length));
                }
                Applied.AddRange(WriteAdds(cpio, part));
                cpio.Finish();
            }
            Segments.Add(new RepackedSegment(part, choice.Method == CompressionMethod.None ? "cpio" : CompressionEncoders.For(choice.Method).Name, true, choice.ToString(),
                0, 0, start, output.Position - start));
        }

        private CompressionChoice ChoiceFor(FileStream raw, long offset, CompressionMethod method)
        {
            // An uncompressed part stays uncompressed whatever --compress says: the kernel's early
            // microcode loader (and the ACPI table override) reads only uncompressed cpio data.
            if (method == CompressionMethod.None)
                return CompressionChoice.None;
            if (options.Compression is { } asked)
                return asked;
            // Only gzip records its level (XFL). zstd's window size narrows it to a family of
            // levels, of which the fastest is taken; xz, lz4 and bzip2 get dracut's default.
            Span<byte> head = stackalloc byte[10];
            raw.Position = offset;
            bool whole = raw.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length;
            int? level = !whole ? null : method switch
            {
                CompressionMethod.Gzip => GzipEncoder.DetectLevel(head),
                CompressionMethod.Zstd => ZstdEncoder.LevelForFrame(head),
                _ => null,
            };
            return new CompressionChoice(method, level);
        }

        /// <summary>
        /// Reads every entry of <paramref name="segment"/>, applying the changes that name them; with an
        /// <paramref name="output"/>, writes the changed part there. Returns whether anything changed.
        /// </summary>
        private bool Rewrite(InitramfsSegment segment, Stream? output, CompressionChoice choice, FileStream raw, bool? isLastKnown = null)
        {
            bool writable = output is not null && CompressionEncoders.CanWrite(choice.Method);
            Stream? encoded = null;
            CpioWriter? cpio = null;
            bool touched = false;
            int archive = 0;
            var applied = new List<AppliedChange>();
            try
            {
                while (segment.GetNextEntry() is { } entry)
                {
                    if (entry.Name == "TRAILER!!!")
                        continue;
                    if (writable && segment.ArchiveCount != archive)
                    {
                        // Keep archive boundaries: hard-link numbering restarts at each trailer.
                        if (entry.Format is CpioFormat.Odc)
                            writable = false;
                        else
                        {
                            encoded ??= CompressionEncoders.Open(output!, choice);
                            cpio?.Finish();
                            cpio = new CpioWriter(encoded, entry.Format, leaveOpen: true);
                        }
                        archive = segment.ArchiveCount;
                    }
                    string path = ArchivePath.Normalize(entry.Name);
                    _seen.Add(path);
                    if (entry.EntryType == CpioEntryType.Directory)
                        _directories.Add(path);
                    PendingChange? target = Match(path);
                    if (target is not null)
                    {
                        touched = true;
                        target.Holders++;
                        AppliedChange change = Apply(writable ? cpio : null, entry, path, target, segment.Index);
                        if (!target.Generated)
                            applied.Add(change);
                        continue;
                    }
                    if (path.EndsWith("/modules.dep", StringComparison.Ordinal) && entry.DataStream is { } dep)
                    {
                        // Kept for the staleness report; small enough to hold.
                        byte[] text = ReadAll(dep);
                        ModuleDeps[path] = Encoding.UTF8.GetString(text);
                        if (writable)
                            cpio!.WriteEntry(CpioEntryHeader.From(entry), text);
                        continue;
                    }
                    if (writable)
                        CopyEntry(cpio!, entry);
                }
                if (_adds.Count > 0 && (isLastKnown ?? IsLast(raw, segment.End)))
                {
                    touched = true;
                    if (writable && cpio is null)
                    {
                        encoded ??= CompressionEncoders.Open(output!, choice);
                        cpio = new CpioWriter(encoded, segment.Format is CpioFormat.Crc ? CpioFormat.Crc : CpioFormat.Newc, leaveOpen: true);
                    }
                    applied.AddRange(WriteAdds(writable ? cpio : null, segment.Index));
                }
                if (touched && output is not null && !writable)
                {
                    throw segment.Format is CpioFormat.Odc
                        ? new NotSupportedException($"part {segment.Index} uses odc headers, which the kernel rejects; recreate it with 'create'")
                        : new NotSupportedException($"part {segment.Index} is {segment.CodecName}, which nicdoctor cannot write; give --compress (e.g. zstd or xz)");
                }
                cpio?.Finish();
            }
            finally
            {
                encoded?.Dispose();
            }
            if (touched && output is not null)
                Applied.AddRange(applied);
            return touched;
        }

        private PendingChange? Match(string path)
        {
            foreach (PendingChange t in _targets)
            {
                if (t.Path == path)
                    return t;
            }
            // A module asked for by another compression suffix (i40e.ko for a stored i40e.ko.xz).
            return ArchivePath.ModuleStem(path) is { } stem ? _targets.FirstOrDefault(t => t.Stem == stem && !_seen.Contains(t.Path)) : null;
        }

        private AppliedChange Apply(CpioWriter? cpio, CpioEntry entry, string path, PendingChange target, int part)
        {
            if (target.Kind == EntryChangeKind.Remove)
                return new AppliedChange(EntryChangeKind.Remove, path, path, part, entry.Length, null);
            string source = target.Source!;
            string newName = NewName(path, source);
            if (cpio is not null)
            {
                string prefix = entry.Name[..(entry.Name.Length - path.Length)];
                WriteFile(cpio, prefix + newName, source, entry.RawMode, entry.Uid, entry.Gid, options.SourceDateEpoch);
            }
            return new AppliedChange(EntryChangeKind.Replace, path, newName, part, entry.Length, new FileInfo(source).Length);
        }

        private List<AppliedChange> WriteAdds(CpioWriter? cpio, int part)
        {
            var applied = new List<AppliedChange>();
            long mtime = options.SourceDateEpoch ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            foreach (PendingChange add in _adds)
            {
                if (_seen.Contains(add.Path))
                    throw new ArgumentException($"{add.Path}: already in {imageName}; use --replace");
                foreach (string parent in ArchivePath.Parents(add.Path).Where(d => !_directories.Contains(d)))
                {
                    _directories.Add(parent);
                    cpio?.WriteEntry(new CpioEntryHeader(parent, 0x4000 | 0x1ED, 0) { LinkCount = 2, ModificationTime = mtime });
                }
                if (cpio is not null)
                    WriteFile(cpio, add.Path, add.Source!, 0x8000 | (FileStatus.Of(add.Source!).Mode & 0xFFF), 0, 0, options.SourceDateEpoch);
                applied.Add(new AppliedChange(EntryChangeKind.Add, add.Path, add.Path, part, null, new FileInfo(add.Source!).Length));
            }
            return applied;
        }
    }

    /// <summary>A module's new name follows the new file: i40e.ko.xz replaced by i40e.ko is stored as i40e.ko.</summary>
    private static string NewName(string path, string source) =>
        ArchivePath.ModuleStem(path) is { } stem && ArchivePath.ModuleStem(Path.GetFileName(source)) is { } srcStem
            ? stem + Path.GetFileName(source)[srcStem.Length..]
            : path;

    /// <summary>Only zero padding (or nothing) follows <paramref name="end"/>: the part there is the last.</summary>
    private static bool IsLast(FileStream raw, long end)
    {
        raw.Position = end;
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = raw.Read(buffer)) > 0)
        {
            if (buffer.AsSpan(0, n).ContainsAnyExcept((byte)0))
                return false;
        }
        return true;
    }

    private static byte[] ReadAll(Stream data)
    {
        using var copy = new MemoryStream();
        data.CopyTo(copy);
        return copy.ToArray();
    }

    private static void WriteFile(CpioWriter cpio, string name, string source, uint mode, uint uid, uint gid, long? epoch)
    {
        using var data = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long mtime = epoch ?? new DateTimeOffset(File.GetLastWriteTimeUtc(source)).ToUnixTimeSeconds();
        cpio.WriteEntry(new CpioEntryHeader(name, mode, data.Length) { Uid = uid, Gid = gid, ModificationTime = mtime }, data);
    }

    private static void CopyEntry(CpioWriter cpio, CpioEntry entry)
    {
        CpioEntryHeader header = CpioEntryHeader.From(entry);
        if (entry.EntryType == CpioEntryType.SymbolicLink)
            cpio.WriteEntry(header, Encoding.UTF8.GetBytes(entry.LinkTarget ?? ""));
        else if (entry.DataStream is { } data)
            cpio.WriteEntry(header, data, entry.Checksum);
        else
            cpio.WriteEntry(header with { Size = 0 });
    }

    private static void CopyRange(Stream input, Stream output, long offset, long length)
    {
        if (length <= 0)
            return;
        input.Position = offset;
        byte[] buffer = new byte[1 << 20];
        while (length > 0)
        {
            int n = input.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
            if (n == 0)
                throw new IOException("the input image shrank while it was being repacked");
            output.Write(buffer, 0, n);
            length -= n;
        }
    }

    /// <summary>modules.dep names module files by path: renamed, added or removed modules make it stale.</summary>
    private static IEnumerable<string> StaleIndexWarnings(List<AppliedChange> applied, Dictionary<string, string> moduleDeps)
    {
        foreach (AppliedChange c in applied)
        {
            if (c.Kind == EntryChangeKind.Replace && c.StoredAs != c.Path && ArchivePath.ModuleStem(c.StoredAs) is not null)
                yield return $"{c.Path} is now stored as {c.StoredAs}: modules.dep still names the old file, so modprobe will not find it; regenerate the index (--depmod) before booting";
            else if (c.Kind == EntryChangeKind.Remove && ArchivePath.ModuleStem(c.Path) is not null
                && moduleDeps.Any(d => d.Value.Contains(RelativeToModuleDir(c.Path, d.Key), StringComparison.Ordinal)))
                yield return $"{c.Path} was removed but modules.dep still lists it; regenerate the index (--depmod)";
            else if (c.Kind == EntryChangeKind.Add && ArchivePath.ModuleStem(c.Path) is not null)
                yield return $"{c.Path} is new: modules.dep and modules.alias do not know it, so udev/modprobe will not load it by alias; regenerate the index (--depmod)";
        }
    }

    private static string RelativeToModuleDir(string modulePath, string depPath)
    {
        string dir = depPath[..^"modules.dep".Length];
        return modulePath.StartsWith(dir, StringComparison.Ordinal) ? modulePath[dir.Length..] : modulePath;
    }
}
