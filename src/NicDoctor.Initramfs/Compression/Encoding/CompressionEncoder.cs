namespace NicDoctor.Initramfs.Compression.Encoding;

/// <summary>
/// One compressor that writes members the kernel's decompressors accept (lib/decompress_*.c).
/// Disposing the returned stream finishes the member; the destination is left open.
/// </summary>
public abstract class CompressionEncoder
{
    public abstract CompressionMethod Method { get; }

    /// <summary>Name as <c>--compress</c> and dracut spell it.</summary>
    public abstract string Name { get; }

    /// <summary>The level used when none is given or detected (what dracut passes to the tool).</summary>
    public abstract int DefaultLevel { get; }

    public abstract int MinLevel { get; }

    public abstract int MaxLevel { get; }

    public abstract Stream Open(Stream destination, int level);
}
