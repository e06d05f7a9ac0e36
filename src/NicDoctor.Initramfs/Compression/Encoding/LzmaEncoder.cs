using System.Runtime.InteropServices;
using NicDoctor.Initramfs.Compression.Native;

namespace NicDoctor.Initramfs.Compression.Encoding;

/// <summary>
/// Legacy .lzma through the system liblzma's <c>lzma_alone_encoder</c>, as <c>lzma -9</c> writes it
/// for dracut and mkinitramfs (header with unknown uncompressed size; the kernel's unlzma streams
/// it out). Single-threaded: the format has no blocks.
/// </summary>
internal sealed class LzmaEncoder : CompressionEncoder
{
    public override CompressionMethod Method => CompressionMethod.Lzma;
    public override string Name => "lzma";
    public override int DefaultLevel => 9; // dracut: lzma -9 -T0
    public override int MinLevel => 0;
    public override int MaxLevel => 9;

    /// <summary>One options block per preset, filled once and kept: liblzma may read it while encoding.</summary>
    private static readonly nint[] Presets = new nint[10];

    public override unsafe Stream Open(Stream destination, int level) => new XzEncoder.EncoderStream(destination, stream =>
    {
        nint options;
        lock (Presets)
        {
            if (Presets[level] == 0)
            {
                // lzma_options_lzma is about 112 bytes on LP64; a zeroed, larger block leaves room for its reserved tail.
                void* block = NativeMemory.AllocZeroed(512);
                if (LzmaNative.LzmaPreset(block, (uint)level) != 0)
                {
                    NativeMemory.Free(block);
                    return -1;
                }
                Presets[level] = (nint)block;
            }
            options = Presets[level];
        }
        return LzmaNative.AloneEncoder(stream, (void*)options);
    }, $"lzma preset {level}");
}
