using System.Globalization;
using System.Text;
using NicDoctor.Initramfs.Compression;
using NicDoctor.Initramfs.Compression.Encoding;
using NicDoctor.Initramfs.Write;

namespace NicDoctor.Initramfs.Manifest;

/// <summary>A parsed manifest: the parts to write, in order, and what the parser had to say.</summary>
/// <param name="Segments">One part per <c>#cpio</c> section, entries in manifest order.</param>
/// <param name="Warnings">Clamped levels and ignored compressor parameters, as 3cpio prints them.</param>
/// <param name="OutputUmask">
/// Permission bits to withhold from the written image: an input file that "other" may not read
/// makes the image unreadable for group and other too (3cpio does the same, so an image never
/// leaks what its inputs kept private).
/// </param>
public sealed record ManifestImage(IReadOnlyList<ImageSegmentPlan> Segments, IReadOnlyList<string> Warnings, UnixFileMode OutputUmask);

/// <summary>
/// 3cpio's manifest format (<c>3cpio --create</c>, man page §Manifest), so existing manifests work:
/// tab-separated lines <c>LOCATION NAME TYPE MODE UID GID MTIME [FILESIZE | MAJOR MINOR | TARGET]</c>;
/// an empty or <c>-</c> field is taken from <c>lstat</c> of LOCATION; a bare path is a line with only
/// LOCATION; <c>#cpio</c> starts a new archive and <c>#cpio: CODEC -LEVEL</c> a compressed one; other
/// <c>#</c> lines are comments. Output follows 3cpio: entries in manifest order, inodes from 0 per
/// archive, hard links (same inode of LOCATION) share an inode and carry the data on the last name,
/// mtimes newer than SOURCE_DATE_EPOCH are clamped to it.
/// </summary>
public static class InitramfsManifest
{
    private const uint TypeMask = 0xF000;
    private const uint Fifo = 0x1000, CharDevice = 0x2000, Directory = 0x4000, BlockDevice = 0x6000, Regular = 0x8000, Symlink = 0xA000, Socket = 0xC000;

    /// <summary>Reads a manifest file (<c>-</c> for standard input).</summary>
    public static ManifestImage Read(string manifestPath, string? baseDirectory = null, long? sourceDateEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        if (manifestPath == "-")
            return Parse(Console.In, "<stdin>", baseDirectory, sourceDateEpoch);
        if (!File.Exists(manifestPath))
            throw new FileNotFoundException($"{manifestPath}: no such file", manifestPath);
        using var reader = new StreamReader(manifestPath, Encoding.UTF8);
        return Parse(reader, manifestPath, baseDirectory, sourceDateEpoch);
    }

    /// <summary>
    /// Parses a manifest. Relative locations are resolved against <paramref name="baseDirectory"/>
    /// (3cpio's <c>-C DIR</c>; default the current directory). Every input file is checked here,
    /// so a missing file or a wrong size is reported with its line before anything is written.
    /// </summary>
    public static ManifestImage Parse(TextReader reader, string sourceName, string? baseDirectory = null, long? sourceDateEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var sections = new List<Section> { new() };
        var warnings = new List<string>();
        uint umask = 0;
        int number = 0;
        while (reader.ReadLine() is { } raw)
        {
            number++;
            // 3cpio trims the line; a leading tab is kept here so that an empty LOCATION stays a field.
            string line = raw.StartsWith('\t') ? raw.TrimEnd() : raw.Trim();
            if (line.Length == 0)
                continue;
            if (line[0] == '#')
            {
                if (!line.StartsWith("#cpio", StringComparison.Ordinal))
                    continue;
                if (sections[^1].Lines.Count > 0)
                    sections.Add(new Section());
                if (line.StartsWith("#cpio:", StringComparison.Ordinal))
                    sections[^1].Compression = ParseCompression(line["#cpio:".Length..], sourceName, number, warnings);
                else if (line != "#cpio")
                    throw new ManifestFormatException(sourceName, number, $"unknown cpio archive directive '{line}' (expected '#cpio' or '#cpio: CODEC [-LEVEL]')");
                continue;
            }
            Parsed entry = ParseLine(line, sourceName, number, baseDirectory, sections[^1]);
            umask |= entry.Umask;
            sections[^1].Lines.Add(entry);
        }
        var segments = sections.Select(s => new ImageSegmentPlan(s.Build(sourceDateEpoch), s.Compression)).ToList();
        return new ManifestImage(segments, warnings, (UnixFileMode)umask);
    }

    private sealed class Section
    {
        public CompressionChoice Compression { get; set; } = CompressionChoice.None;
        public List<Parsed> Lines { get; } = [];

        /// <summary>(device, inode) of a hard-linked input → (first location, size, names so far).</summary>
        public Dictionary<(ulong, ulong), HardLink> HardLinks { get; } = [];

        public List<ArchiveItem> Build(long? epoch)
        {
            var items = new List<ArchiveItem>(Lines.Count);
            var inodes = new Dictionary<(ulong, ulong), ulong>();
            ulong next = 0;
            foreach (Parsed p in Lines)
            {
                ulong inode;
                uint nlink = (p.Mode & TypeMask) == Directory ? 2u : 1u;
                long size = p.Inline?.Length ?? 0;
                string? source = null;
                if (p.LinkKey is { } key)
                {
                    HardLink link = HardLinks[key];
                    if (!inodes.TryGetValue(key, out inode))
                        inodes[key] = inode = next++;
                    nlink = (uint)link.Names;
                    if (p.LinkIndex == link.Names)
                    {
                        // The last name carries the data, as GNU cpio and 3cpio write hard links.
                        size = link.Size;
                        source = link.Location;
                    }
                }
                else
                    inode = next++;
                var header = new CpioEntryHeader(p.Name, p.Mode, size)
                {
                    Inode = inode,
                    Uid = p.Uid,
                    Gid = p.Gid,
                    LinkCount = nlink,
                    ModificationTime = epoch is { } e && p.MTime > e ? e : p.MTime,
                    RDevMajor = p.Major,
                    RDevMinor = p.Minor,
                };
                items.Add(new ArchiveItem(header, source, p.Inline));
            }
            return items;
        }
    }

    private sealed class HardLink(string location, long size)
    {
        public string Location { get; } = location;
        public long Size { get; } = size;
        public int Names { get; set; }
    }

    private sealed record Parsed(string Name, uint Mode, uint Uid, uint Gid, long MTime, uint Major, uint Minor, byte[]? Inline, (ulong, ulong)? LinkKey, int LinkIndex, uint Umask);

    private static Parsed ParseLine(string line, string sourceName, int number, string? baseDirectory, Section section)
    {
        string[] fields = line.Split('\t');
        string? Field(int i) => i < fields.Length && fields[i] is { Length: > 0 } f && f != "-" ? f : null;
        ManifestFormatException Error(string reason) => new(sourceName, number, reason);

        string? location = Field(0);
        string? path = location is null ? null : baseDirectory is null ? location : Path.Combine(baseDirectory, location);
        string name = Field(1) ?? (location is null ? throw Error("neither location nor name is given") : Sanitize(location));
        FileStatus.Info? status = null;
        FileStatus.Info Stat(string what)
        {
            if (status is { } known)
                return known;
            if (path is null)
                throw Error($"no {what} given and no location to take it from");
            try
            {
                return (status = FileStatus.Of(path)).Value;
            }
            catch (IOException e)
            {
                throw Error(e.Message);
            }
        }
        uint Number(int i, string what, Func<FileStatus.Info, ulong> fromFile)
        {
            if (Field(i) is not { } text)
            {
                ulong fromStat = fromFile(Stat(what));
                return fromStat <= uint.MaxValue ? (uint)fromStat : throw Error($"the {what} of {path} does not fit the 32-bit cpio field");
            }
            return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value)
                ? value
                : throw Error($"invalid {what} '{text}' (a decimal number up to {uint.MaxValue})");
        }

        uint type = Field(2) switch
        {
            "file" => Regular,
            "dir" => Directory,
            "block" => BlockDevice,
            "char" => CharDevice,
            "link" => Symlink,
            "fifo" => Fifo,
            "sock" => Socket,
            null => Stat("file type").Mode & TypeMask,
            { } other => throw Error($"unknown file type '{other}' (file, dir, block, char, link, fifo, sock)"),
        };
        uint permissions;
        if (Field(3) is { } modeText)
        {
            uint mode = 0;
            if (modeText.Length > 6 || modeText.Any(c => c is < '0' or > '7'))
                throw Error($"invalid mode '{modeText}' (octal, e.g. 755)");
            foreach (char c in modeText)
                mode = (mode * 8) + (uint)(c - '0');
            if ((mode & TypeMask) != 0 && (mode & TypeMask) != type)
                throw Error($"mode {modeText} names another file type than '{Field(2) ?? "the input file"}'");
            permissions = mode & 0xFFF;
        }
        else
            permissions = Stat("mode").Mode & 0xFFF;
        uint uid = Number(4, "uid", s => s.Uid);
        uint gid = Number(5, "gid", s => s.Gid);
        long mtime = Number(6, "mtime", s => (ulong)s.ModificationTime);

        uint major = 0, minor = 0, umask = 0;
        byte[]? inline = null;
        (ulong, ulong)? linkKey = null;
        int linkIndex = 0;
        switch (type)
        {
            case Regular:
                long size = Number(7, "filesize", s => (ulong)s.Size);
                if (size == 0)
                    break;
                FileStatus.Info file = Stat("filesize");
                if ((file.Mode & TypeMask) != Regular)
                    throw Error($"{path} is not a regular file, so it cannot give the data of a 'file' entry");
                if (file.Size != size)
                    throw Error($"{path} has {file.Size} bytes, the manifest says {size}");
                uint other = ~file.Mode & 7;
                umask = (other << 3) | other;
                var key = (file.Device, file.Inode);
                if (!section.HardLinks.TryGetValue(key, out HardLink? link))
                    section.HardLinks[key] = link = new HardLink(path!, size);
                link.Names++;
                linkKey = key;
                linkIndex = link.Names;
                break;
            case BlockDevice or CharDevice:
                major = Number(7, "major", s => s.RDevMajor);
                minor = Number(8, "minor", s => s.RDevMinor);
                break;
            case Symlink:
                string target = Field(7) ?? (path is null ? throw Error("neither a link target nor a location is given")
                    : new FileInfo(path).LinkTarget ?? throw Error($"{path} is not a symbolic link"));
                inline = Encoding.UTF8.GetBytes(target);
                break;
            case Directory or Fifo or Socket:
                break;
            default:
                throw Error($"{path} has a file type cpio cannot store (mode {Convert.ToString(type, 8)})");
        }
        if (Encoding.UTF8.GetByteCount(name) >= 4096)
            throw Error($"name is longer than PATH_MAX ({name[..40]}...)");
        // The kernel stays inside rootfs whatever the name, but cpio -i (without
        // --no-absolute-filenames) and other extractors would write such a name outside their directory.
        if (name.StartsWith('/'))
            throw Error($"name '{name}' is absolute: give it relative to the archive root");
        if (name.Split('/').Contains(".."))
            throw Error($"name '{name}' has a '..' component: it would leave the archive root when extracted");
        return new Parsed(name, type | permissions, uid, gid, mtime, major, minor, inline, linkKey, linkIndex, umask);
    }

    /// <summary>3cpio's name for a bare location: one leading "./" or "/" removed ("./" and "/" become ".").</summary>
    private static string Sanitize(string location)
    {
        if (location.StartsWith("./", StringComparison.Ordinal))
            return location.Length == 2 ? "." : location[2..];
        if (location.StartsWith('/'))
            return location.Length == 1 ? "." : location[1..];
        return location;
    }

    /// <summary>
    /// <c>zstd -9</c>, <c>xz</c>, <c>gzip -6</c>, …, or nothing for an uncompressed archive. Like 3cpio,
    /// a level out of range is clamped and unknown parameters are ignored, each with a warning; with no
    /// level the compressor's own default is used (what <c>zstd</c>, <c>xz</c>, … use when called bare).
    /// </summary>
    private static CompressionChoice ParseCompression(string text, string sourceName, int number, List<string> warnings)
    {
        string[] words = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return CompressionChoice.None;
        (CompressionMethod method, int min, int max, int toolDefault) = words[0] switch
        {
            "zstd" => (CompressionMethod.Zstd, 1, 19, 3),
            "xz" => (CompressionMethod.Xz, 0, 9, 6),
            "gzip" => (CompressionMethod.Gzip, 1, 9, 6),
            "lz4" => (CompressionMethod.Lz4, 1, 12, 1),
            "bzip2" => (CompressionMethod.Bzip2, 1, 9, 9),
            "lzma" => (CompressionMethod.Lzma, 0, 9, 6),
            "lzop" => (CompressionMethod.Lzo, 1, 9, 3),
            _ => throw new ManifestFormatException(sourceName, number, $"unknown compression format '{words[0]}' (bzip2, gzip, lz4, lzma, lzop, xz, zstd)"),
        };
        if (!CompressionEncoders.CanWrite(method))
            throw new ManifestFormatException(sourceName, number, $"{words[0]} is read but not written by nicdoctor (write with {string.Join(", ", CompressionEncoders.Names)})");
        CompressionEncoder encoder = CompressionEncoders.For(method);
        int level = Math.Clamp(toolDefault, encoder.MinLevel, encoder.MaxLevel);
        foreach (string parameter in words.Skip(1))
        {
            if (parameter.StartsWith('-') && long.TryParse(parameter.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long asked))
            {
                int lo = Math.Max(min, encoder.MinLevel), hi = Math.Min(max, encoder.MaxLevel);
                long clamped = Math.Clamp(asked, lo, hi);
                if (clamped != asked)
                    warnings.Add($"{sourceName}: line {number}: compression level {asked} for {words[0]} is outside {lo}..{hi}, using {clamped}");
                level = (int)clamped;
            }
            else
                warnings.Add($"{sourceName}: line {number}: unknown or unsupported compression parameter '{parameter}', ignored");
        }
        return new CompressionChoice(method, level);
    }
}
