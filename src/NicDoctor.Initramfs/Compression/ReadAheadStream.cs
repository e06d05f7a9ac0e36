using System.Buffers;
using System.Runtime.ExceptionServices;

namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// Runs a decoder on its own thread, a few chunks ahead of the reader: a bounded pipeline, so
/// decompression overlaps the consumer's work (writing files) the way 3cpio's decompressor child
/// process does. Memory stays bounded at <see cref="Chunks"/> × <see cref="ChunkSize"/>. Data
/// comes out in order; a decoder error is raised after every byte decoded before it.
/// The decoder (and the image reader under it) belongs to the worker until the end is reached or
/// the stream is disposed.
/// </summary>
internal sealed class ReadAheadStream : DecompressionStream
{
    public const int ChunkSize = 1024 * 1024;
    public const int Chunks = 4;

    private readonly DecompressionStream _inner;
    private readonly byte[][] _chunks = new byte[Chunks][];
    private readonly int[] _lengths = new int[Chunks];
    private readonly object _lock = new(); // Monitor: the reader and the worker wait on each other
    private readonly Thread _worker;
    private int _head;      // next chunk the reader takes
    private int _filled;    // chunks ready for the reader
    private int _offset;    // bytes already read from the head chunk
    private bool _ended;    // the worker will publish nothing more
    private bool _stopping;
    private ExceptionDispatchInfo? _error;
    private bool _disposed;

    public ReadAheadStream(DecompressionStream inner)
    {
        _inner = inner;
        for (int i = 0; i < Chunks; i++)
            _chunks[i] = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _worker = new Thread(Produce) { IsBackground = true, Name = "nicdoctor decompress" };
        _worker.Start();
    }

    public override string? Detail => _inner.Detail;

    public override IReadOnlyList<string> KernelProblems => _inner.KernelProblems;

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
            return 0;
        int head;
        lock (_lock)
        {
            while (_filled == 0 && !_ended)
                Monitor.Wait(_lock);
            if (_filled == 0)
            {
                _error?.Throw();
                return 0;
            }
            head = _head;
        }
        // The head chunk is the reader's until it hands it back below.
        int n = Math.Min(buffer.Length, _lengths[head] - _offset);
        _chunks[head].AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        if (_offset == _lengths[head])
        {
            _offset = 0;
            lock (_lock)
            {
                _head = (_head + 1) % Chunks;
                _filled--;
                Monitor.PulseAll(_lock);
            }
        }
        return n;
    }

    private void Produce()
    {
        int tail = 0;
        try
        {
            while (true)
            {
                lock (_lock)
                {
                    while (_filled == Chunks && !_stopping)
                        Monitor.Wait(_lock);
                    if (_stopping)
                        return;
                }
                byte[] chunk = _chunks[tail];
                int length = 0;
                int n = 1;
                while (length < chunk.Length && (n = _inner.Read(chunk.AsSpan(length))) > 0)
                    length += n;
                lock (_lock)
                {
                    if (length > 0)
                    {
                        _lengths[tail] = length;
                        _filled++;
                        tail = (tail + 1) % Chunks;
                    }
                    if (n == 0)
                        _ended = true;
                    Monitor.PulseAll(_lock);
                }
                if (n == 0)
                    return;
            }
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                _error = ExceptionDispatchInfo.Capture(ex);
                _ended = true;
                Monitor.PulseAll(_lock);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _disposed = true;
            lock (_lock)
            {
                _stopping = true;
                Monitor.PulseAll(_lock);
            }
            _worker.Join();
            _inner.Dispose();
            foreach (byte[] chunk in _chunks)
                ArrayPool<byte>.Shared.Return(chunk);
        }
        base.Dispose(disposing);
    }
}
