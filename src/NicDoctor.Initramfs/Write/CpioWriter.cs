using System.Buffers;
using System.Text;
using NicDoctor.Initramfs.Cpio;

namespace NicDoctor.Initramfs.Write;

/// <summary>
/// Writes one cpio archive in the kernel's formats: newc (070701) or crc (070702, with the 32-bit
/// byte sum of the data). Header+name and data are each padded to 4 bytes; <see cref="Finish"/>
/// writes <c>TRAILER!!!</c>. No 512-byte block padding: the kernel does not need it.
/// </summary>
public sealed class CpioWriter : IDisposable
{
    private const int HeaderLength = 110;
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly CpioFormat _format;
    private bool _finished;

    public CpioWriter(Stream output, CpioFormat format = CpioFormat.Newc, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (format is not (CpioFormat.Newc or CpioFormat.Crc))
            throw new ArgumentOutOfRangeException(nameof(format), format, "only newc and crc are written (the kernel reads nothing else)");
        _output = output;
        _format = format;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Bytes written so far.</summary>
    public long Position { get; private set; }

    /// <summary>Writes an entry without data (directories, devices, fifos, empty files, hard-link names).</summary>
    public void WriteEntry(CpioEntryHeader header) => WriteEntry(header, ReadOnlySpan<byte>.Empty);

    /// <summary>Writes an entry whose data is in memory (symlink targets, small files).</summary>
    public void WriteEntry(CpioEntryHeader header, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (data.Length != header.Size)
            throw new ArgumentException($"{header.Name}: header says {header.Size} bytes, data has {data.Length}", nameof(data));
        WriteHeader(header, ByteSum.Add(0, data));
        Write(data);
        Pad();
    }

    /// <summary>
    /// Writes an entry whose data comes from a stream; exactly <c>header.Size</c> bytes are copied.
    /// For crc archives the sum is needed before the data, so the stream must be seekable or the
    /// <paramref name="checksum"/> given.
    /// </summary>
    public void WriteEntry(CpioEntryHeader header, Stream data, uint? checksum = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(data);
        uint sum = 0;
        if (_format == CpioFormat.Crc)
        {
            if (checksum is { } known)
                sum = known;
            else
            {
                long start = data.Position;
                sum = Copy(data, header.Size, header.Name, sink: null);
                data.Position = start;
            }
        }
        WriteHeader(header, sum);
        Copy(data, header.Size, header.Name, _output);
        Position += header.Size;
        Pad();
    }

    /// <summary>Writes the trailer entry; the archive is complete.</summary>
    public void Finish()
    {
        if (_finished)
            return;
        WriteHeader(new CpioEntryHeader("TRAILER!!!", 0, 0), 0);
        _finished = true;
    }

    public void Dispose()
    {
        if (!_leaveOpen)
            _output.Dispose();
    }

    private void WriteHeader(CpioEntryHeader h, uint checksum)
    {
        if (_finished)
            throw new InvalidOperationException("the archive is already finished");
        byte[] name = Encoding.UTF8.GetBytes(h.Name);
        if (name.Length == 0 || name.Contains((byte)0))
            throw new ArgumentException($"'{h.Name}': a cpio name must be non-empty and contain no NUL", nameof(h));
        if (h.Size is < 0 or > uint.MaxValue)
            throw new ArgumentException($"{h.Name}: {h.Size} bytes does not fit the 8-hex-digit size field (4 GiB)", nameof(h));
        Span<byte> header = stackalloc byte[HeaderLength];
        Encoding.ASCII.GetBytes(_format == CpioFormat.Crc ? "070702" : "070701", header);
        uint[] fields =
        [
            (uint)h.Inode, h.Mode, h.Uid, h.Gid, h.LinkCount, (uint)h.ModificationTime, (uint)h.Size,
            h.DevMajor, h.DevMinor, h.RDevMajor, h.RDevMinor, (uint)name.Length + 1, _format == CpioFormat.Crc ? checksum : 0,
        ];
        for (int i = 0; i < fields.Length; i++)
            fields[i].TryFormat(header.Slice(6 + (i * 8), 8), out _, "X8", System.Globalization.CultureInfo.InvariantCulture);
        Write(header);
        Write(name);
        Write([0]);
        Pad();
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        _output.Write(bytes);
        Position += bytes.Length;
    }

    private void Pad()
    {
        int pad = (int)(-Position & 3);
        if (pad > 0)
            Write(stackalloc byte[pad]);
    }

    /// <summary>Copies (or, with no sink, just sums) exactly <paramref name="length"/> bytes; returns the byte sum.</summary>
    private static uint Copy(Stream source, long length, string name, Stream? sink)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            uint sum = 0;
            long left = length;
            while (left > 0)
            {
                int n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n == 0)
                    throw new IOException($"{name}: the data ended after {length - left} of {length} bytes (the file changed while it was read?)");
                sum = ByteSum.Add(sum, buffer.AsSpan(0, n));
                sink?.Write(buffer, 0, n);
                left -= n;
            }
            return sum;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
