namespace NicDoctor.Initramfs.IO;

/// <summary>
/// Read-only <see cref="Stream"/> view of a <see cref="ForwardReader"/> for libraries that want a
/// stream. Reads consume exactly what the library asks for, so the reader's position stays exact.
/// </summary>
internal sealed class ForwardReaderStream(ForwardReader reader) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => reader.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => reader.Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => reader.Read(buffer);

    public override int ReadByte() => reader.ReadByte();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
