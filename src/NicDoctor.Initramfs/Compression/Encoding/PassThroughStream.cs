namespace NicDoctor.Initramfs.Compression.Encoding;

/// <summary>Writes straight to the inner stream and leaves it open when disposed (the "none" codec).</summary>
internal sealed class PassThroughStream(Stream inner) : CompressingStream
{
    public override void Flush() => inner.Flush();
    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
}
