using System.Diagnostics;
using SharpCompress.Compressors.Xz;

namespace NicDoctor.KernelModules.Compression;

/// <summary>
/// xz (.ko.xz). Decoding uses SharpCompress; it has no xz encoder, so output is produced by the
/// system's <c>xz</c> with the kernel's own options (scripts/Makefile.modinst: --check=crc32
/// --lzma2=dict=1MiB; the kernel's xz decompressor only knows CRC32).
/// </summary>
internal sealed class XzCodec : IModuleCodec
{
    public ModuleCompression Kind => ModuleCompression.Xz;

    public ReadOnlySpan<byte> Magic => [0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00];

    public byte[] Decompress(Stream compressed)
    {
        using var xz = new XZStream(compressed);
        using var output = new MemoryStream();
        xz.CopyTo(output);
        return output.ToArray();
    }

    public void Compress(ReadOnlySpan<byte> data, Stream destination)
    {
        var start = new ProcessStartInfo("xz", ["--compress", "--stdout", "--check=crc32", "--lzma2=dict=1MiB"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException("xz: could not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException("writing .ko.xz needs the xz program (package xz-utils): " + e.Message, e);
        }
        using (process)
        {
            byte[] input = data.ToArray();
            var writer = Task.Run(() =>
            {
                process.StandardInput.BaseStream.Write(input);
                process.StandardInput.Close();
            });
            process.StandardOutput.BaseStream.CopyTo(destination);
            string error = process.StandardError.ReadToEnd();
            writer.GetAwaiter().GetResult();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new IOException($"xz failed (exit {process.ExitCode}): {error.Trim()}");
        }
    }
}
