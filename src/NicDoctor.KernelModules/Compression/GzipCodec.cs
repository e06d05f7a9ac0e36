using System.IO.Compression;

namespace NicDoctor.KernelModules.Compression;

/// <summary>gzip (.ko.gz), from the BCL.</summary>
internal sealed class GzipCodec : IModuleCodec
{
    public ModuleCompression Kind => ModuleCompression.Gzip;

    public ReadOnlySpan<byte> Magic => [0x1f, 0x8b];

    public byte[] Decompress(Stream compressed)
    {
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    public void Compress(ReadOnlySpan<byte> data, Stream destination)
    {
        using var gzip = new GZipStream(destination, CompressionLevel.SmallestSize, leaveOpen: true);
        gzip.Write(data);
    }
}
