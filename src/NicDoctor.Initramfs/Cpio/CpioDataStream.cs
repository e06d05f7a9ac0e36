using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Cpio;

/// <summary>
/// Bounded read-only view of one entry's data inside the archive. For crc archives it sums the
/// bytes as they pass and checks the sum once the last byte has been read.
/// </summary>
internal sealed class CpioDataStream : Stream
{
    private readonly ForwardReader _reader;
    private readonly CpioReader _owner;
    private readonly long _length;
    private readonly uint? _expectedSum;
    private long _remaining;
    private uint _sum;
    private bool _disposed;

    public CpioDataStream(ForwardReader reader, CpioReader owner, long length, uint? expectedSum)
    {
        _reader = reader;
        _owner = owner;
        _length = length;
        _remaining = length;
        _expectedSum = expectedSum;
    }

    internal long Remaining => _remaining;

    public override bool CanRead => !_disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _length - _remaining;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_remaining == 0 || buffer.IsEmpty)
            return 0;
        if (buffer.Length > _remaining)
            buffer = buffer[..(int)_remaining];
        int n = _reader.Read(buffer);
        if (n == 0)
            throw _owner.Truncated("data ends early");
        if (_expectedSum is not null)
            _sum = ByteSum.Add(_sum, buffer[..n]);
        _remaining -= n;
        if (_remaining == 0)
            CheckSum();
        return n;
    }

    /// <summary>Consumes what the caller did not read: seeks when no checksum needs the bytes.</summary>
    internal void SkipRest()
    {
        if (_remaining == 0)
            return;
        if (_expectedSum is null)
        {
            long skipped = _reader.Skip(_remaining);
            _remaining -= skipped;
            if (_remaining != 0)
                throw _owner.Truncated("data ends early");
            return;
        }
        while (_remaining > 0)
        {
            if (!_reader.Ensure(1))
                throw _owner.Truncated("data ends early");
            int n = (int)Math.Min(_remaining, _reader.BufferedCount);
            _sum = ByteSum.Add(_sum, _reader.Buffered[..n]);
            _reader.Advance(n);
            _remaining -= n;
        }
        CheckSum();
    }

    private void CheckSum()
    {
        if (_expectedSum is uint expected && expected != _sum)
            throw _owner.Corrupt($"bad data checksum: c_check is 0x{expected:x8}, the data sums to 0x{_sum:x8}");
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }
}
