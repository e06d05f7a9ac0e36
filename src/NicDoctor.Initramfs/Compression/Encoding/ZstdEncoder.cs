using ZstdSharp;
using ZstdSharp.Unsafe;

namespace NicDoctor.Initramfs.Compression.Encoding;

/// <summary>zstd by ZstdSharp, multi-threaded (one worker per core), one frame with its content checksum.</summary>
internal sealed class ZstdEncoder : CompressionEncoder
{
    public override CompressionMethod Method => CompressionMethod.Zstd;
    public override string Name => "zstd";
    public override int DefaultLevel => 15; // dracut: zstd -15 -q -T0
    public override int MinLevel => 1;
    public override int MaxLevel => 19;     // ultra levels need windows the kernel's ZSTD_WINDOWLOG_MAX still allows, but we stay conservative

    public override Stream Open(Stream destination, int level)
    {
        var stream = new CompressionStream(destination, level, leaveOpen: true);
        stream.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        if (Environment.ProcessorCount > 1)
            stream.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, Environment.ProcessorCount);
        return stream;
    }
}
