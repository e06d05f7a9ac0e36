using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Compression;

/// <summary>One decompressor. Implementations consume exactly one member from the input.</summary>
internal abstract class CompressionCodec
{
    public abstract CompressionMethod Method { get; }

    /// <summary>Lower-case name as tools print it (gzip, zstd, lz4...).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Starts decompressing the member at the input's position. Reading the result to its end
    /// leaves <paramref name="input"/> positioned on the first byte after the member.
    /// </summary>
    public abstract DecompressionStream Open(ForwardReader input, CodecErrorContext errors);
}
