using SharpCompress.Compressors;
using SharpCompress.Compressors.BZip2;

namespace NicDoctor.Initramfs.Compression.Encoding;

/// <summary>bzip2 by SharpCompress (its encoder always uses 900k blocks, i.e. level 9).</summary>
internal sealed class Bzip2Encoder : CompressionEncoder
{
    public override CompressionMethod Method => CompressionMethod.Bzip2;
    public override string Name => "bzip2";
    public override int DefaultLevel => 9;
    public override int MinLevel => 9;
    public override int MaxLevel => 9;

    public override Stream Open(Stream destination, int level) =>
        BZip2Stream.Create(destination, CompressionMode.Compress, decompressConcatenated: false, leaveOpen: true, tolerateTruncatedStream: false);
}
