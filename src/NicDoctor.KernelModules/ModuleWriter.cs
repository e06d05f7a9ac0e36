using NicDoctor.KernelModules.Compression;

namespace NicDoctor.KernelModules;

/// <summary>Writes a module image to disk, compressed as asked, without ever leaving a partial file.</summary>
public static class ModuleWriter
{
    public static void Write(string path, ReadOnlySpan<byte> image, ModuleCompression compression)
    {
        byte[] bytes = image.ToArray();
        AtomicFile.Write(path, stream =>
        {
            if (compression == ModuleCompression.None)
                stream.Write(bytes);
            else
                ModuleCodecs.For(compression).Compress(bytes, stream);
        });
    }
}
