using System.Text;
using NicDoctor.Initramfs.Compression;
using NicDoctor.Initramfs.Compression.Encoding;
using NicDoctor.Initramfs.Cpio;
using NicDoctor.Initramfs.Image;
using NicDoctor.Initramfs.Write;

namespace NicDoctor.Initramfs.Repack;

/// <summary>
/// Changes named entries of an image and nothing else. A first pass reads the layout and finds
/// the parts that hold the targets; the second copies every other part (and any padding between
/// parts) byte for byte from the input and re-encodes only the touched parts, with their own codec
/// and, where the data says, level. New entries go into the last part.
/// </summary>
public static class InitramfsRepacker
{
    private sealed record SegmentScan(int Index, long Offset, long End, CompressionMethod Method, string Codec, CpioFormat? Format, HashSet<string> Paths);

    /// <summary>Repacks <paramref name="inputPath"/> into <paramref name="outputPath"/> (written atomically; may equal the input).</summary>
    public static RepackResult Repack(string inputPath, string outputPath, RepackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Changes.Count == 0)
            throw new ArgumentException("nothing to change: give --add, --replace or --remove");
        string imageName = Path.GetFileName(inputPath);

        // Pass 1: layout, paths per part, directories, modules.dep texts.
        var scans = new List<SegmentScan>();
        var directories = new HashSet<string>(StringComparer.Ordinal);
        var moduleDeps = new Dictionary<string, string>(StringComparer.Ordinal);
        long imageLength;
        using (InitramfsImage image = InitramfsImage.Open(inputPath))
        {
            imageLength = image.Length ?? 0;
            while (image.GetNextSegment() is { } segment)
            {
                var paths = new HashSet<string>(StringComparer.Ordinal);
                while (segment.GetNextEntry() is { } entry)
                {
                    string path = ArchivePath.Normalize(entry.Name);
                    paths.Add(path);
                    if (entry.EntryType == CpioEntryType.Directory)
                        directories.Add(path);
                    if (path.EndsWith("/modules.dep", StringComparison.Ordinal) && entry.DataStream is { } dep)
                        moduleDeps[path] = new StreamReader(dep, Encoding.UTF8).ReadToEnd();
                }
                scans.Add(new SegmentScan(segment.Index, segment.Offset, segment.End, segment.Compression, segment.CodecName, segment.Format, paths));
            }
        }
        if (scans.Count == 0)
            throw new CpioFormatException(imageName, 0, "the image holds no cpio archive");

        // Resolve every change to (part, stored path); all errors before any byte is written.
        var plans = new Dictionary<int, SegmentPlan>();
        var warnings = new List<string>();
        SegmentPlan PlanFor(SegmentScan scan) => plans.TryGetValue(scan.Index, out SegmentPlan? p) ? p : plans[scan.Index] = new SegmentPlan(scan);
        foreach (EntryChange change in options.Changes)
        {
            string path = ArchivePath.Validate(change.ArchivePath);
            string? source = null;
            if (change.Kind != EntryChangeKind.Remove)
            {
                source = change.SourceFile!;
                if (!File.Exists(source))
                    throw new FileNotFoundException($"{source}: no such file (source of {path})", source);
            }
            switch (change.Kind)
            {
                case EntryChangeKind.Add:
                    if (scans.Any(s => s.Paths.Contains(path)))
                        throw new ArgumentException($"{path}: already in the image; use --replace");
                    SegmentPlan last = PlanFor(scans[^1]);
                    last.Adds.Add((path, source!));
                    foreach (string parent in ArchivePath.Parents(path).Where(d => !directories.Contains(d)))
                    {
                        directories.Add(parent);
                        last.NewDirectories.Add(parent);
                    }
                    break;
                case EntryChangeKind.Replace:
                case EntryChangeKind.Remove:
                    (string stored, List<SegmentScan> holders) = Locate(scans, path);
                    if (holders.Count == 0)
                        throw new ArgumentException($"{path}: not in {imageName}" + (change.Kind == EntryChangeKind.Replace ? "; use --add for a new file" : ""));
                    foreach (SegmentScan holder in holders)
                    {
                        SegmentPlan plan = PlanFor(holder);
                        if (change.Kind == EntryChangeKind.Remove)
                            plan.Removes.Add(stored);
                        else
                        {
                            // A module's new name follows the new file: i40e.ko.xz replaced by i40e.ko is stored as i40e.ko.
                            string newName = ArchivePath.ModuleStem(stored) is { } stem && ArchivePath.ModuleStem(Path.GetFileName(source!)) is { } srcStem
                                ? stem + Path.GetFileName(source!)[srcStem.Length..]
                                : stored;
                            plan.Replaces[stored] = (newName, source!);
                        }
                    }
                    break;
            }
        }

        foreach (SegmentPlan plan in plans.Values)
        {
            plan.Choice = options.Compression ?? (plan.Scan.Method == CompressionMethod.None ? CompressionChoice.None : new CompressionChoice(plan.Scan.Method, DetectLevel(inputPath, plan.Scan)));
            if (!CompressionEncoders.CanWrite(plan.Choice.Method))
                throw new NotSupportedException($"part {plan.Scan.Index} is {plan.Scan.Codec}, which nicdoctor cannot write; give --compress (e.g. zstd or xz)");
            if (plan.Scan.Format is CpioFormat.Odc)
                throw new NotSupportedException($"part {plan.Scan.Index} uses odc headers, which the kernel rejects; recreate it with 'create'");
        }
        warnings.AddRange(StaleIndexWarnings(plans.Values, moduleDeps));

        // Pass 2: copy untouched bytes, rewrite touched parts.
        var segments = new List<RepackedSegment>();
        var applied = new List<AppliedChange>();
        AtomicFile.Write(outputPath, output =>
        {
            using var input = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            long copiedTo = 0;
            foreach (SegmentScan scan in scans)
            {
                CopyRange(input, output, copiedTo, scan.Offset - copiedTo);
                long outStart = output.Position;
                if (plans.TryGetValue(scan.Index, out SegmentPlan? plan))
                {
                    using var slice = new StreamSlice(input, scan.Offset, scan.End - scan.Offset);
                    applied.AddRange(Rewrite(slice, imageName, output, plan, options.SourceDateEpoch));
                }
                else
                    CopyRange(input, output, scan.Offset, scan.End - scan.Offset);
                segments.Add(new RepackedSegment(scan.Index, scan.Codec, plan is not null, plan?.Choice.ToString(), scan.Offset, scan.End - scan.Offset, outStart, output.Position - outStart));
                copiedTo = scan.End;
            }
            CopyRange(input, output, copiedTo, input.Length - copiedTo);
        });
        return new RepackResult(segments, applied, warnings);
    }

    private sealed class SegmentPlan(SegmentScan scan)
    {
        public SegmentScan Scan { get; } = scan;
        public Dictionary<string, (string NewName, string Source)> Replaces { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Removes { get; } = new(StringComparer.Ordinal);
        public List<(string Path, string Source)> Adds { get; } = [];
        public List<string> NewDirectories { get; } = [];
        public CompressionChoice Choice { get; set; } = CompressionChoice.None;
    }

    /// <summary>The stored path matching <paramref name="path"/>, or for modules the same stem with another suffix.</summary>
    private static (string Stored, List<SegmentScan> Holders) Locate(List<SegmentScan> scans, string path)
    {
        List<SegmentScan> exact = [.. scans.Where(s => s.Paths.Contains(path))];
        if (exact.Count > 0 || ArchivePath.ModuleStem(path) is not { } stem)
            return (path, exact);
        foreach (SegmentScan scan in scans)
        {
            string? other = scan.Paths.FirstOrDefault(p => ArchivePath.ModuleStem(p) == stem);
            if (other is not null)
                return (other, [.. scans.Where(s => s.Paths.Contains(other))]);
        }
        return (path, []);
    }

    private static int? DetectLevel(string inputPath, SegmentScan scan)
    {
        if (scan.Method != CompressionMethod.Gzip)
            return null; // zstd, xz, lz4 and bzip2 do not record the level they were made with
        using var input = File.OpenRead(inputPath);
        input.Position = scan.Offset;
        Span<byte> head = stackalloc byte[10];
        return input.Read(head) == head.Length ? GzipEncoder.DetectLevel(head) : null;
    }

    private static IEnumerable<AppliedChange> Rewrite(Stream part, string imageName, Stream output, SegmentPlan plan, long? epoch)
    {
        var applied = new List<AppliedChange>();
        using var image = new InitramfsImage(part, imageName, leaveOpen: true);
        InitramfsSegment segment = image.GetNextSegment() ?? throw new CpioFormatException(imageName, plan.Scan.Offset, "the part vanished between two reads");
        CpioFormat format = plan.Scan.Format ?? CpioFormat.Newc;
        using Stream encoded = CompressionEncoders.Open(output, plan.Choice);
        var cpio = new CpioWriter(encoded, format, leaveOpen: true);
        int archive = 1;
        while (segment.GetNextEntry() is { } entry)
        {
            if (segment.ArchiveCount != archive)
            {
                // Keep archive boundaries: hard-link numbering restarts at each trailer.
                cpio.Finish();
                cpio = new CpioWriter(encoded, format, leaveOpen: true);
                archive = segment.ArchiveCount;
            }
            string path = ArchivePath.Normalize(entry.Name);
            if (entry.Name == "TRAILER!!!")
                continue;
            if (plan.Removes.Contains(path))
            {
                applied.Add(new AppliedChange(EntryChangeKind.Remove, path, path, plan.Scan.Index, entry.Length, null));
                continue;
            }
            if (plan.Replaces.TryGetValue(path, out var replacement))
            {
                string prefix = entry.Name[..(entry.Name.Length - path.Length)];
                WriteFile(cpio, prefix + replacement.NewName, replacement.Source, entry.RawMode, entry.Uid, entry.Gid, epoch);
                applied.Add(new AppliedChange(EntryChangeKind.Replace, path, replacement.NewName, plan.Scan.Index, entry.Length, new FileInfo(replacement.Source).Length));
                continue;
            }
            CopyEntry(cpio, entry);
        }
        foreach (string directory in plan.NewDirectories)
            cpio.WriteEntry(new CpioEntryHeader(directory, 0x4000 | 0x1ED, 0) { LinkCount = 2, ModificationTime = epoch ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds() });
        foreach ((string path, string source) in plan.Adds)
        {
            uint mode = 0x8000 | (FileStatus.Of(source).Mode & 0xFFF);
            WriteFile(cpio, path, source, mode, 0, 0, epoch);
            applied.Add(new AppliedChange(EntryChangeKind.Add, path, path, plan.Scan.Index, null, new FileInfo(source).Length));
        }
        cpio.Finish();
        return applied;
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
    private static IEnumerable<string> StaleIndexWarnings(IEnumerable<SegmentPlan> plans, Dictionary<string, string> moduleDeps)
    {
        foreach (SegmentPlan plan in plans)
        {
            foreach ((string old, (string newName, _)) in plan.Replaces.Where(r => r.Key != r.Value.NewName))
                yield return $"{old} is now stored as {newName}: modules.dep still names the old file, so modprobe will not find it; regenerate the index (depmod -b) before booting";
            foreach (string removed in plan.Removes.Where(r => ArchivePath.ModuleStem(r) is not null))
            {
                if (moduleDeps.Any(d => d.Value.Contains(RelativeToModuleDir(removed, d.Key), StringComparison.Ordinal)))
                    yield return $"{removed} was removed but modules.dep still lists it";
            }
            foreach ((string added, _) in plan.Adds.Where(a => ArchivePath.ModuleStem(a.Path) is not null))
                yield return $"{added} is new: modules.dep and modules.alias do not know it, so udev/modprobe will not load it by alias; regenerate the index (depmod -b)";
        }
    }

    private static string RelativeToModuleDir(string modulePath, string depPath)
    {
        string dir = depPath[..^"modules.dep".Length];
        return modulePath.StartsWith(dir, StringComparison.Ordinal) ? modulePath[dir.Length..] : modulePath;
    }
}
