namespace NicDoctor.KernelModules.Compression;

/// <summary>One compression format: its magic, how to expand it, how to produce it.</summary>
internal interface IModuleCodec
{
    ModuleCompression Kind { get; }

    /// <summary>Leading bytes that identify the format.</summary>
    ReadOnlySpan<byte> Magic { get; }

    byte[] Decompress(Stream compressed);

    void Compress(ReadOnlySpan<byte> data, Stream destination);
}
