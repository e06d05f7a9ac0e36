using System.Runtime.InteropServices;

namespace NicDoctor.KernelLog.Live;

/// <summary>
/// Reads a file opened with <c>O_NONBLOCK</c>: for <c>/dev/kmsg</c> each read returns one record and
/// "no more records" (EAGAIN) ends the stream instead of blocking. EPIPE (records overwritten
/// while reading) is skipped, as dmesg does. A regular file (test fixture) reads to its end.
/// </summary>
internal sealed partial class NonBlockingReadStream : Stream
{
    private const int ORdOnly = 0, ONonBlock = 0x800, OCloExec = 0x80000;
    private const int EIntr = 4, EAgain = 11, EPipe = 32;
    private int fd;

    private NonBlockingReadStream(int fd) => this.fd = fd;

    /// <summary>Null when the file cannot be opened (missing, no permission).</summary>
    public static NonBlockingReadStream? TryOpen(string path)
    {
        int fd = Open(path, ORdOnly | ONonBlock | OCloExec);
        return fd < 0 ? null : new NonBlockingReadStream(fd);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(fd < 0, this);
        if (buffer.IsEmpty)
            return 0;
        while (true)
        {
            nint n = ReadFd(fd, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
            if (n >= 0)
                return (int)n;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EAgain)
                return 0;
            if (errno is EIntr or EPipe)
                continue;
            throw new IOException($"read failed (errno {errno})", errno);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (fd >= 0)
        {
            _ = Close(fd);
            fd = -1;
        }
        base.Dispose(disposing);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFd(int fd, ref byte buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
