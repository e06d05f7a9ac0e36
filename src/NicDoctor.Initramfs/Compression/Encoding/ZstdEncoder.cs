using ZstdSharp;
using ZstdSharp.Unsafe;

namespace NicDoctor.Initramfs.Compression.Encoding;

/// <summary>
/// zstd by ZstdSharp, multi-threaded (one worker per core), one frame with its content checksum.
/// Measured against the system libzstd 1.5.4 (<c>zstd -15 -T2</c>) on a real 29 MB dracut main
/// part: about 3.4 s of CPU for ZstdSharp and 3.2 s for the native library (docs/performance.md),
/// so no native binding is used for writing.
/// </summary>
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
        // Always the multi-threaded format, even with one core: zstd's output is the same for any
        // nbWorkers >= 1 (but differs from 0), so an image is reproducible across machines.
        stream.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, Math.Max(1, Environment.ProcessorCount));
        return stream;
    }
}
