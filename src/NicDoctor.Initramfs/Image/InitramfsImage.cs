using NicDoctor.Initramfs.Compression;
using NicDoctor.Initramfs.Cpio;
using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Image;

/// <summary>
/// Walks an initramfs image the way the kernel does (init/initramfs.c): any sequence of zero
/// padding, uncompressed cpio archives and compressed members, in any order and number.
/// Compressed members are decoded in-process and their exact end is known, so parsing continues
/// with whatever follows. Streams throughout: memory does not grow with the image.
/// </summary>
public sealed class InitramfsImage : IDisposable
{
    private const int DecompressedBufferSize = 1024 * 1024;

    private readonly ForwardReader _reader;
    private InitramfsSegment? _current;
    private InitramfsSegment? _previous;
    private int _count;

    public InitramfsImage(Stream image, string sourceName, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        _reader = new ForwardReader(image, leaveOpen);
        SourceName = sourceName;
        Length = image.CanSeek ? image.Length : null;
    }

    /// <summary>Opens a file; error messages name it by its file name.</summary>
    public static InitramfsImage Open(string path)
    {
        // The reader buffers itself; FileStream's own buffer would only copy twice.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return new InitramfsImage(stream, Path.GetFileName(path));
    }

    public string SourceName { get; }

    /// <summary>Image size when the input is seekable.</summary>
    public long? Length { get; }

    /// <summary>
    /// Decompress on a second thread, a few MiB ahead of the reader (<c>ReadAheadStream</c>), so
    /// decoding overlaps what the caller does with the data. Worth it when the caller reads the
    /// data (extract, verify); set it before the first part is read. Default false.
    /// </summary>
    public bool ReadAhead { get; set; }

    /// <summary>Check 070702 sums. Default true.</summary>
    public bool VerifyChecksums { get; init; } = true;

    internal long Position => _reader.Position;

    /// <summary>
    /// The next part, or null at the end of the image. Moving on finishes the previous part
    /// (skipping what the caller did not read).
    /// </summary>
    public InitramfsSegment? GetNextSegment()
    {
        _current?.Drain();
        _current = null;

        SkipZeros();
        if (!_reader.Ensure(1))
            return null;
        long offset = _reader.Position;
        _reader.Ensure(CpioHeaderLayout.MagicLength);
        ReadOnlySpan<byte> head = _reader.Buffered;
        int index = ++_count;

        if (CpioHeader.DetectFormat(head) is not null)
        {
            _current = new InitramfsSegment(this, index, offset, CompressionMethod.None, null, _reader, null);
            if ((offset & 3) != 0)
                _current.AddKernelProblem($"cpio archive starts at 0x{offset:x}, not 4-byte aligned: the kernel takes it for compressed data (invalid magic at start of compressed archive)");
            return _current;
        }

        CompressionCodec? codec = CodecRegistry.Detect(head);
        if (codec is null)
        {
            string shown = CpioReader.Printable(head[..Math.Min(head.Length, 8)]);
            string what = CodecRegistry.DescribeUnbootable(head) ?? "neither cpio nor a compression format the kernel knows";
            throw new CpioFormatException(SourceName, offset, $"unrecognised data '{shown}': {what} (kernel: invalid magic at start of compressed archive)");
        }
        DecompressionStream decompressed = codec.Open(_reader, new CodecErrorContext(SourceName, codec.Name, offset));
        if (ReadAhead)
            decompressed = new ReadAheadStream(decompressed);
        // Decoders run faster on large output buffers: fewer calls, fewer window-to-buffer flushes.
        var content = new ForwardReader(decompressed, leaveOpen: true, bufferSize: DecompressedBufferSize);
        _current = new InitramfsSegment(this, index, offset, codec.Method, codec.Name, content, decompressed);
        return _current;
    }

    /// <summary>Reads every part header-only and returns the layout (what <c>examine</c> shows).</summary>
    public IReadOnlyList<InitramfsSegment> ReadLayout()
    {
        var parts = new List<InitramfsSegment>();
        while (GetNextSegment() is { } segment)
        {
            segment.Drain();
            parts.Add(segment);
        }
        return parts;
    }

    public void Dispose()
    {
        // A part left half-read may still have a decoder (and its thread) reading the image.
        _current?.ReleaseDecoder();
        _reader.Dispose();
    }

    internal CpioFormatException Corrupt(long offset, string problem, InitramfsSegment segment) =>
        new(SourceName, offset, problem, location: segment.Describe());

    internal void OnSegmentComplete(InitramfsSegment segment)
    {
        if (segment.Compression == CompressionMethod.Lz4)
        {
            // The kernel's unlz4 consumes the rest of the image as blocks: anything after it fails.
            long end = _reader.Position;
            if (_reader.Ensure(1))
                segment.AddKernelProblem($"data follows the lz4 member (at 0x{end:x}); the kernel's lz4 decoder reads to the end of the image and fails (Decoding failed)");
        }
        _previous = segment;
    }

    /// <summary>The part finished most recently.</summary>
    internal InitramfsSegment? Previous => _previous;

    private void SkipZeros()
    {
        while (_reader.Ensure(1) && _reader.Buffered[0] == 0)
        {
            int zeros = _reader.Buffered.IndexOfAnyExcept((byte)0);
            _reader.Advance(zeros < 0 ? _reader.BufferedCount : zeros);
        }
    }
}
