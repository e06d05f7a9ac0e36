using NicDoctor.Initramfs.Compression;
using NicDoctor.Initramfs.Cpio;
using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Image;

/// <summary>
/// One part of an image: an uncompressed cpio archive, or one compressed member holding one or
/// more cpio archives. Entries stream through <see cref="GetNextEntry"/>; the totals
/// (<see cref="End"/>, <see cref="UncompressedSize"/>, counts) are final once it returned null.
/// </summary>
public sealed class InitramfsSegment
{
    internal const string MicrocodePrefix = "kernel/x86/microcode/";

    private readonly InitramfsImage _image;
    private readonly ForwardReader _content;      // the cpio bytes: the image itself or decompressed data
    private readonly DecompressionStream? _decompressed;
    private CpioReader? _archive;
    private readonly List<string> _kernelProblems = [];

    internal InitramfsSegment(InitramfsImage image, int index, long offset, CompressionMethod compression, string? codecName,
        ForwardReader content, DecompressionStream? decompressed)
    {
        _image = image;
        Index = index;
        Offset = offset;
        Compression = compression;
        CodecName = codecName ?? "cpio";
        _content = content;
        _decompressed = decompressed;
        _contentOrigin = content.Position;
    }

    private readonly long _contentOrigin;

    /// <summary>1-based part number, as <c>--part</c> and <c>3cpio -P</c> count.</summary>
    public int Index { get; }

    /// <summary>Offset of the part's first byte in the image.</summary>
    public long Offset { get; }

    /// <summary>Offset just past the part (the trailer's padding or the compressed member's end).</summary>
    public long End { get; private set; }

    public long Length => End - Offset;

    public CompressionMethod Compression { get; }

    /// <summary>"cpio" for uncompressed parts, else the codec name.</summary>
    public string CodecName { get; }

    /// <summary>Codec facts such as the xz check type.</summary>
    public string? CompressionDetail => _decompressed?.Detail;

    /// <summary>Bytes of cpio data (the part's own size when uncompressed).</summary>
    public long UncompressedSize { get; private set; }

    public int EntryCount { get; private set; }

    /// <summary>cpio archives (trailer-terminated runs) in the part.</summary>
    public int ArchiveCount { get; private set; }

    /// <summary>Header format of the part's first entry.</summary>
    public CpioFormat? Format { get; private set; }

    /// <summary>True when some entry uses the odc header, which the kernel rejects.</summary>
    public bool HasOdc { get; private set; }

    public bool HasMicrocode { get; private set; }

    /// <summary>True when every archive in the part ended with <c>TRAILER!!!</c>.</summary>
    public bool AllTrailersPresent { get; private set; } = true;

    public bool IsComplete { get; private set; }

    /// <summary>Problems the kernel would have with this part that did not stop our reading.</summary>
    public IReadOnlyList<string> KernelProblems => _kernelProblems;

    /// <summary>The next entry of the part, or null when the part is finished.</summary>
    public CpioEntry? GetNextEntry(bool copyData = false)
    {
        while (!IsComplete)
        {
            if (_archive is null && !StartArchive())
            {
                Complete();
                return null;
            }
            CpioEntry? entry = _archive!.GetNextEntry(copyData);
            if (entry is not null)
            {
                EntryCount++;
                NoteFormat(entry.Format);
                if (!HasMicrocode && entry.EntryType == CpioEntryType.RegularFile && entry.Name.StartsWith(MicrocodePrefix, StringComparison.Ordinal))
                    HasMicrocode = true;
                return entry;
            }
            if (!_archive.ReachedTrailer)
                AllTrailersPresent = false;
            _archive.Dispose();
            _archive = null;
            if (_decompressed is null)
            {
                // An uncompressed part is exactly one archive; the image loop finds what follows.
                Complete();
                return null;
            }
        }
        return null;
    }

    /// <summary>Reads the rest of the part (header-only: uncompressed data is skipped by seeking).</summary>
    public void Drain()
    {
        while (GetNextEntry() is not null)
        {
        }
    }

    private bool StartArchive()
    {
        if (_decompressed is not null)
        {
            // Inside decompressed data: zero padding, then another archive or the end.
            while (_content.Ensure(1) && _content.Buffered[0] == 0)
            {
                int zeros = _content.Buffered.IndexOfAnyExcept((byte)0);
                _content.Advance(zeros < 0 ? _content.BufferedCount : zeros);
            }
            if (!_content.Ensure(1))
                return false;
            if (_content.Buffered[0] != (byte)'0')
                throw _image.Corrupt(_content.Position, "junk within compressed archive (the kernel stops here)", this);
            if ((_content.Position & 3) != 0)
                _kernelProblems.Add($"cpio archive at decompressed offset 0x{_content.Position:x} is not 4-byte aligned (kernel: broken padding)");
        }
        else if (ArchiveCount > 0)
        {
            return false;
        }
        _archive = new CpioReader(_content, _image.SourceName, _decompressed is null ? null : Describe()) { VerifyChecksums = _image.VerifyChecksums };
        ArchiveCount++;
        return true;
    }

    internal string Describe() => $"part {Index} ({CodecName} at 0x{Offset:x})";

    private void Complete()
    {
        if (IsComplete)
            return;
        IsComplete = true;
        if (_archive is not null)
        {
            _archive.Dispose();
            _archive = null;
        }
        if (_decompressed is not null)
        {
            // Read any tail of the decompressed stream so the compressed reader sits at the member end.
            UncompressedSize = _content.Position - _contentOrigin;
            _kernelProblems.AddRange(_decompressed.KernelProblems);
            _content.Dispose();
            _decompressed.Dispose();
            End = _image.Position;
        }
        else
        {
            End = _content.Position;
            UncompressedSize = End - Offset;
        }
        _image.OnSegmentComplete(this);
    }

    /// <summary>Stops a decoder the caller abandoned before the end of the part.</summary>
    internal void ReleaseDecoder()
    {
        if (IsComplete || _decompressed is null)
            return;
        _archive?.Dispose();
        _content.Dispose();
        _decompressed.Dispose();
    }

    internal void AddKernelProblem(string problem) => _kernelProblems.Add(problem);

    private void NoteFormat(CpioFormat format)
    {
        Format ??= format;
        if (format == CpioFormat.Odc)
            HasOdc = true;
    }
}
