namespace NicDoctor.KernelModules.Compression;

/// <summary>How a module file is compressed on disk (the kernel's CONFIG_MODULE_COMPRESS_* choices).</summary>
public enum ModuleCompression
{
    None,
    Gzip,
    Xz,
    Zstd,
}
