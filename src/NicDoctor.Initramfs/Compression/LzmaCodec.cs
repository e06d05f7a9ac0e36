using System.Buffers.Binary;
using NicDoctor.Initramfs.Compression.Native;
using NicDoctor.Initramfs.IO;
using SharpCompress.Compressors.LZMA;

namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// Legacy .lzma ("LZMA alone"): a 13-byte header (5 property bytes, 64-bit uncompressed size, all
/// ones when unknown and an end marker is used). The system liblzma's <c>lzma_alone_decoder</c> when
/// it loads; else the header is parsed here and SharpCompress <c>LzmaStream</c> decodes.
/// </summary>
internal sealed class LzmaCodec : CompressionCodec
{
    private const int HeaderLength = 13;
    private const int PropertiesLength = 5;

    public override CompressionMethod Method => CompressionMethod.Lzma;
    public override string Name => "lzma";

    public override DecompressionStream Open(ForwardReader input, CodecErrorContext errors)
    {
        if (NativeCodecs.Lzma)
            return new LzmaNativeStream(input, errors, xz: false);
        if (!input.Ensure(HeaderLength))
            throw errors.Truncated(input.Position);
        byte[] properties = input.Buffered[..PropertiesLength].ToArray();
        long size = BinaryPrimitives.ReadInt64LittleEndian(input.Buffered.Slice(PropertiesLength, 8));
        input.Advance(HeaderLength);
        return new LibraryDecompressionStream(input, errors,
            s => LzmaStream.Create(properties, s, -1, size, leaveOpen: true));
    }
}
