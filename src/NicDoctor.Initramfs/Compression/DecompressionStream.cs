namespace NicDoctor.Initramfs.Compression;

/// <summary>Read-only, forward-only decompressed view of one compressed member.</summary>
internal abstract class DecompressionStream : Stream
{
    /// <summary>Codec facts worth reporting (xz check type, lzop method), null if none.</summary>
    public virtual string? Detail => null;

    /// <summary>Reasons the kernel would refuse this member even though we could read it.</summary>
    public virtual IReadOnlyList<string> KernelProblems => [];

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
