using ZstdSharp;

namespace NicDoctor.KernelModules.Compression;

/// <summary>zstd (.ko.zst) via ZstdSharp. Output is one frame with its content size, which kmod requires.</summary>
internal sealed class ZstdCodec : IModuleCodec
{
    public ModuleCompression Kind => ModuleCompression.Zstd;

    public ReadOnlySpan<byte> Magic => [0x28, 0xb5, 0x2f, 0xfd];

    public byte[] Decompress(Stream compressed)
    {
        using var zstd = new DecompressionStream(compressed, leaveOpen: true);
        using var output = new MemoryStream();
        zstd.CopyTo(output);
        return output.ToArray();
    }

    public void Compress(ReadOnlySpan<byte> data, Stream destination)
    {
        using var compressor = new Compressor(19);
        destination.Write(compressor.Wrap(data));
    }
}
