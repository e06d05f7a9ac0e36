using System.Buffers;

namespace NicDoctor.Initramfs.IO;

/// <summary>
/// A forward-only buffered reader that knows its exact position. Codecs consume straight from
/// <see cref="Buffered"/> and <see cref="Advance"/> by what they used, so the byte after a
/// compressed member is known exactly. Skips seek when the stream can, else read and discard.
/// </summary>
internal sealed class ForwardReader : IDisposable
{
    public const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOrigin; // stream position of _buffer[0]
    private bool _eof;

    public ForwardReader(Stream stream, bool leaveOpen, long origin = 0, int bufferSize = BufferSize)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        _bufferOrigin = origin;
    }

    /// <summary>Bytes consumed so far, counted from the origin given at construction.</summary>
    public long Position => _bufferOrigin + _start;

    /// <summary>The bytes read ahead but not yet consumed.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    public int BufferedCount => _end - _start;

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_end - _start))
            throw new ArgumentOutOfRangeException(nameof(count));
        _start += count;
    }

    /// <summary>Tries to have at least <paramref name="count"/> bytes buffered; false at end of input.</summary>
    public bool Ensure(int count)
    {
        if (_end - _start >= count)
            return true;
        if (count > _buffer.Length)
            Grow(count);
        Compact();
        while (_end - _start < count && !_eof)
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
                _eof = true;
            _end += n;
        }
        return _end - _start >= count;
    }

    /// <summary>Reads more input into the buffer; false when nothing more exists.</summary>
    public bool FillMore()
    {
        int before = _end - _start;
        return Ensure(before + 1);
    }

    public int ReadByte()
    {
        if (_start == _end && !Ensure(1))
            return -1;
        return _buffer[_start++];
    }

    public int Read(Span<byte> destination)
    {
        if (destination.IsEmpty)
            return 0;
        int buffered = _end - _start;
        if (buffered == 0)
        {
            if (_eof)
                return 0;
            if (destination.Length >= _buffer.Length)
            {
                // Large read with nothing buffered: read straight into the caller's memory.
                int direct = _stream.Read(destination);
                if (direct == 0)
                    _eof = true;
                _bufferOrigin += direct;
                return direct;
            }
            if (!Ensure(1))
                return 0;
            buffered = _end - _start;
        }
        int n = Math.Min(buffered, destination.Length);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        return n;
    }

    /// <summary>Skips forward; returns how many bytes were skipped (fewer only at end of input).</summary>
    public long Skip(long count)
    {
        long buffered = _end - _start;
        if (count <= buffered)
        {
            _start += (int)count;
            return count;
        }
        long skipped = buffered;
        long remaining = count - buffered;
        _bufferOrigin += _end;
        _start = _end = 0;
        if (_stream.CanSeek && !_eof)
        {
            long here = _stream.Position;
            long available = Math.Max(0, _stream.Length - here);
            long step = Math.Min(available, remaining);
            _stream.Seek(step, SeekOrigin.Current);
            _bufferOrigin += step;
            return skipped + step;
        }
        while (remaining > 0 && Ensure(1))
        {
            int n = (int)Math.Min(remaining, _end - _start);
            _start += n;
            remaining -= n;
            skipped += n;
        }
        return skipped;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
        if (!_leaveOpen)
            _stream.Dispose();
    }

    private void Compact()
    {
        if (_start == 0)
            return;
        int live = _end - _start;
        if (live > 0)
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, live);
        _bufferOrigin += _start;
        _start = 0;
        _end = live;
    }

    private void Grow(int count)
    {
        byte[] bigger = ArrayPool<byte>.Shared.Rent(count);
        int live = _end - _start;
        Buffer.BlockCopy(_buffer, _start, bigger, 0, live);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
        _bufferOrigin += _start;
        _start = 0;
        _end = live;
    }
}
