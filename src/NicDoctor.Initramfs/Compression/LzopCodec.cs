using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Compression;

/// <summary>lzop container. No .NET library exists; LZO1X decoding is not written yet.</summary>
internal sealed class LzopCodec : CompressionCodec
{
    public override CompressionMethod Method => CompressionMethod.Lzo;
    public override string Name => "lzop";

    public override DecompressionStream Open(ForwardReader input, CodecErrorContext errors) =>
        throw new CpioFormatException(errors.SourceName, input.Position,
            "lzop (LZO) compressed member: decompression is not available in this build of nicdoctor");
}
