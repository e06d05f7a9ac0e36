using NicDoctor.Initramfs.IO;
using SharpCompress.Compressors;
using SharpCompress.Compressors.BZip2;

namespace NicDoctor.Initramfs.Compression;

/// <summary>bzip2 via SharpCompress, one stream per member (the kernel's bunzip2 stops there too).</summary>
internal sealed class Bzip2Codec : CompressionCodec
{
    public override CompressionMethod Method => CompressionMethod.Bzip2;
    public override string Name => "bzip2";

    public override DecompressionStream Open(ForwardReader input, CodecErrorContext errors) =>
        new LibraryDecompressionStream(input, errors,
            s => BZip2Stream.Create(s, CompressionMode.Decompress, decompressConcatenated: false, leaveOpen: true, tolerateTruncatedStream: false));
}
