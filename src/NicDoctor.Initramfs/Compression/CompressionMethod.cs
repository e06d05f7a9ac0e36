namespace NicDoctor.Initramfs.Compression;

/// <summary>How a part of an image is stored. The compressed ones are the kernel's CONFIG_RD_* set.</summary>
public enum CompressionMethod
{
    None,
    Gzip,
    Bzip2,
    Lzma,
    Xz,
    Lzo,
    /// <summary>lz4 legacy format (<c>lz4 -l</c>), the only lz4 the kernel decodes.</summary>
    Lz4,
    Zstd,
}
