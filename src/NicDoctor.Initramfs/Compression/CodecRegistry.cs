namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// The one table of magic bytes → codec, using the kernel's own magics (lib/decompress.c), so
/// what we detect is what the kernel would try. Known-but-unbootable magics are listed separately.
/// </summary>
internal static class CodecRegistry
{
    private static readonly (byte[] Magic, CompressionCodec Codec)[] Codecs =
    [
        ([0x1f, 0x8b], new GzipCodec()),
        ([0x1f, 0x9e], new GzipCodec()), // old gzip magic, still accepted by the kernel
        ([0x42, 0x5a], new Bzip2Codec()),
        ([0x5d, 0x00], new LzmaCodec()),
        ([0xfd, 0x37], new XzCodec()),
        ([0x89, 0x4c], new LzopCodec()),
        ([0x02, 0x21], new Lz4LegacyCodec()),
        ([0x28, 0xb5], new ZstdCodec()),
    ];

    /// <summary>Formats we recognise but the kernel cannot unpack.</summary>
    private static readonly (byte[] Magic, string Description)[] Unbootable =
    [
        ([0x04, 0x22, 0x4d, 0x18], "lz4 frame format (the kernel only decodes legacy lz4: use lz4 -l)"),
        ([0x03, 0x21, 0x4c, 0x18], "lz4 'v0.1' legacy variant (the kernel only decodes legacy lz4: use lz4 -l)"),
        ([0x71, 0xc7], "old binary cpio (the kernel only reads newc: use -H newc)"),
        ([0xc7, 0x71], "old binary cpio (the kernel only reads newc: use -H newc)"),
    ];

    /// <summary>Longest magic in either table: callers buffer this many bytes before detecting.</summary>
    public const int MagicLength = 4;

    public static CompressionCodec? Detect(ReadOnlySpan<byte> head)
    {
        foreach (var (magic, codec) in Codecs)
        {
            if (head.StartsWith(magic))
                return codec;
        }
        return null;
    }

    public static string? DescribeUnbootable(ReadOnlySpan<byte> head)
    {
        foreach (var (magic, description) in Unbootable)
        {
            if (head.StartsWith(magic))
                return description;
        }
        return null;
    }
}
