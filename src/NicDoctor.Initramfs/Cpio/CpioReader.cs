using System.Text;
using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Cpio;

/// <summary>
/// Reads one cpio archive entry by entry, like <c>TarReader</c>: <see cref="GetNextEntry"/>
/// returns null at <c>TRAILER!!!</c> (or at a clean end of input, which the kernel also accepts).
/// Unread data and padding are skipped for the caller: by seeking when the stream can, otherwise
/// by reading and discarding. crc (070702) sums are verified whenever data passes through.
/// </summary>
public sealed class CpioReader : IDisposable
{
    private readonly ForwardReader _reader;
    private readonly bool _ownsReader;
    private readonly string _sourceName;
    private readonly string? _location;
    private readonly Dictionary<(uint Major, uint Minor, ulong Inode), string> _hardLinks = [];
    private readonly byte[] _header = new byte[CpioHeaderLayout.NewcHeaderLength];
    private CpioEntry? _current;
    private CpioDataStream? _currentData;
    private bool _currentPadded;
    private bool _finished;
    private string? _lastName;
    private readonly long _origin; // padding is relative to the archive start, as GNU cpio writes it

    /// <summary>Reads <paramref name="archive"/> from its current position.</summary>
    /// <param name="archive">The cpio bytes (uncompressed).</param>
    /// <param name="leaveOpen">False: disposing the reader disposes <paramref name="archive"/>.</param>
    /// <param name="sourceName">Used in error messages; defaults to "cpio archive".</param>
    public CpioReader(Stream archive, bool leaveOpen = false, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (!archive.CanRead)
            throw new ArgumentException("The stream must be readable.", nameof(archive));
        _reader = new ForwardReader(archive, leaveOpen);
        _ownsReader = true;
        _sourceName = sourceName ?? "cpio archive";
        _origin = _reader.Position;
    }

    internal CpioReader(ForwardReader reader, string sourceName, string? location)
    {
        _reader = reader;
        _sourceName = sourceName;
        _location = location;
        _origin = reader.Position;
    }

    /// <summary>Check 070702 sums (reading skipped data instead of seeking). Default true.</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>True once <c>TRAILER!!!</c> was read; false if the input simply ended.</summary>
    public bool ReachedTrailer { get; private set; }

    /// <summary>Header format of the first entry, once one was read.</summary>
    public CpioFormat? Format { get; private set; }

    /// <summary>Entries returned so far (the trailer not counted).</summary>
    public int EntryCount { get; private set; }

    internal long Position => _reader.Position;

    /// <summary>
    /// The next entry, or null at the end of the archive. Moving on invalidates the previous
    /// entry's <see cref="CpioEntry.DataStream"/> unless <paramref name="copyData"/> was true.
    /// </summary>
    public CpioEntry? GetNextEntry(bool copyData = false)
    {
        if (_finished)
            return null;
        FinishCurrent();

        long headerOffset = _reader.Position;
        if (!_reader.Ensure(CpioHeaderLayout.MagicLength))
        {
            if (_reader.BufferedCount == 0)
                return End(trailer: false);
            throw Truncated("input ends inside a cpio header", headerOffset);
        }
        CpioFormat format = CpioHeader.DetectFormat(_reader.Buffered)
            ?? throw BadMagic(headerOffset);
        CpioHeader header = ReadHeader(format, headerOffset);
        string name = ReadName(header, headerOffset);

        if (name == CpioHeaderLayout.TrailerName)
        {
            long skipped = _reader.Skip(header.FileSize);
            if (skipped != header.FileSize)
                throw Truncated("trailer data ends early", _reader.Position);
            if (header.IsPadded)
                _reader.Skip(CpioHeaderLayout.PaddingAfter(_reader.Position - _origin));
            return End(trailer: true);
        }

        Format ??= format;
        var entry = new CpioEntry(header, name, headerOffset, _reader.Position);
        _current = entry;
        _currentPadded = header.IsPadded;
        _lastName = name;
        EntryCount++;
        CheckSizeRules(entry);
        TrackHardLink(entry);

        // Like the kernel (do_copy), only regular-file data is summed; GNU cpio writes 0 for symlinks.
        uint? expectedSum = format == CpioFormat.Crc && VerifyChecksums && entry.EntryType == CpioEntryType.RegularFile
            ? header.Checksum : null;
        var data = new CpioDataStream(_reader, this, header.FileSize, expectedSum);
        _currentData = data;
        if (entry.EntryType == CpioEntryType.SymbolicLink)
        {
            entry.LinkTarget = ReadLinkTarget(data, header.FileSize);
        }
        else if (header.FileSize > 0)
        {
            if (copyData)
            {
                var copy = new MemoryStream(checked((int)header.FileSize));
                data.CopyTo(copy);
                copy.Position = 0;
                entry.DataStream = copy;
            }
            else
            {
                entry.DataStream = data;
            }
        }
        return entry;
    }

    public void Dispose()
    {
        _currentData?.Dispose();
        if (_ownsReader)
            _reader.Dispose();
    }

    internal CpioFormatException Truncated(string what, long? offset = null) =>
        Corrupt($"truncated: {what}", offset);

    internal CpioFormatException Corrupt(string problem, long? offset = null) =>
        new(_sourceName, offset ?? _reader.Position, problem, _current?.Name, _location);

    private CpioEntry? End(bool trailer)
    {
        FinishCurrent();
        _finished = true;
        ReachedTrailer = trailer;
        _hardLinks.Clear(); // TRAILER!!! resets the link table, so archives concatenate safely
        return null;
    }

    private void FinishCurrent()
    {
        if (_currentData is null)
            return;
        _currentData.SkipRest();
        _currentData.Dispose();
        _currentData = null;
        if (_currentPadded)
        {
            long pad = CpioHeaderLayout.PaddingAfter(_reader.Position - _origin);
            // The last entry of an archive without trailer may end without its padding.
            _reader.Skip(pad);
        }
        _current = null;
    }

    private CpioHeader ReadHeader(CpioFormat format, long headerOffset)
    {
        int length = format == CpioFormat.Odc ? CpioHeaderLayout.OdcHeaderLength : CpioHeaderLayout.NewcHeaderLength;
        if (!_reader.Ensure(length))
            throw Truncated($"input ends inside a cpio header (after {_lastName ?? "the start"})", headerOffset);
        Span<byte> bytes = _header.AsSpan(0, length);
        _reader.Buffered[..length].CopyTo(bytes);
        string? badField = CpioHeader.TryParse(format, bytes, out CpioHeader header);
        if (badField is not null)
            throw Corrupt($"damaged header: field {badField} is not a valid number", headerOffset);
        _reader.Advance(length);
        return header;
    }

    private string ReadName(CpioHeader header, long headerOffset)
    {
        if (header.NameSize <= 0 || header.NameSize > CpioHeaderLayout.MaxNameSize)
            throw Corrupt($"malformed archive: c_namesize {header.NameSize} (must be 1..{CpioHeaderLayout.MaxNameSize})", headerOffset);
        if (!_reader.Ensure(header.NameSize))
            throw Truncated("input ends inside an entry name", _reader.Position);
        ReadOnlySpan<byte> raw = _reader.Buffered[..header.NameSize];
        int nul = raw.IndexOf((byte)0);
        if (nul < 0)
            throw Corrupt("malformed archive: entry name is not NUL-terminated", headerOffset);
        string name = Encoding.UTF8.GetString(raw[..nul]);
        _reader.Advance(header.NameSize);
        if (header.IsPadded)
        {
            long pad = CpioHeaderLayout.PaddingAfter(_reader.Position - _origin);
            if (pad > 0 && (!_reader.Ensure((int)pad) || _reader.Skip(pad) != pad))
                throw Truncated("input ends inside name padding", _reader.Position);
        }
        return name;
    }

    private void CheckSizeRules(CpioEntry entry)
    {
        // Kernel rule (buffer-format.rst): data only on regular files and symlinks; symlinks need a target.
        CpioEntryType type = entry.EntryType;
        if (type == CpioEntryType.SymbolicLink && entry.Length == 0)
            throw Corrupt("symbolic link with an empty target (c_filesize 0)", entry.HeaderOffset);
        if (type is not (CpioEntryType.RegularFile or CpioEntryType.SymbolicLink) && entry.Length != 0)
            throw Corrupt($"{type} entry carries {entry.Length} bytes of data; only files and symlinks may", entry.HeaderOffset);
    }

    private void TrackHardLink(CpioEntry entry)
    {
        if (entry.LinkCount <= 1 || entry.EntryType == CpioEntryType.Directory)
            return;
        var key = (entry.DevMajor, entry.DevMinor, entry.Inode);
        if (_hardLinks.TryGetValue(key, out string? first))
            entry.HardLinkTarget = first;
        else
            _hardLinks.Add(key, entry.Name);
    }

    private string ReadLinkTarget(CpioDataStream data, long length)
    {
        if (length > CpioHeaderLayout.MaxNameSize)
            throw Corrupt($"symbolic link target of {length} bytes (PATH_MAX is {CpioHeaderLayout.MaxNameSize})");
        Span<byte> target = stackalloc byte[(int)length];
        data.ReadExactly(target);
        int nul = target.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? target[..nul] : target);
    }

    private CpioFormatException BadMagic(long offset)
    {
        ReadOnlySpan<byte> got = _reader.Buffered[..CpioHeaderLayout.MagicLength];
        string shown = Printable(got);
        string? hint = Compression.CodecRegistry.Detect(_reader.Buffered) is { } codec ? $" (looks like {codec.Name} data)" : "";
        return Corrupt($"invalid cpio magic '{shown}', expected 070701 or 070702{hint}", offset);
    }

    internal static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length * 2);
        foreach (byte b in bytes)
        {
            if (b is >= 0x20 and < 0x7f and not (byte)'\\' and not (byte)'\'')
                sb.Append((char)b);
            else
                sb.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
