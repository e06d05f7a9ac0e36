using System.Runtime.InteropServices;

namespace NicDoctor.Initramfs.Compression.Native;

/// <summary>
/// The system liblzma. Write side: the xz encoder (none of the chosen managed libraries writes xz,
/// and the kernel needs the crc32 check, which liblzma lets us choose). Read side: the xz and
/// .lzma decoders, about twice as fast as SharpCompress and exact about where a member ends.
/// </summary>
internal static unsafe partial class LzmaNative
{
    public const string Library = "liblzma.so.5";
    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int Run = 0;
    public const int Finish = 3;
    public const int GetCheck = 4;
    public const int BufError = 10;
    public const int CheckNone = 0;
    public const int CheckCrc32 = 1;
    public const int CheckCrc64 = 4;
    public const int CheckSha256 = 10;

    /// <summary><c>LZMA_TELL_ANY_CHECK</c>: the decoder returns <see cref="GetCheck"/> once the check type is known.</summary>
    public const uint TellAnyCheck = 0x04;

    /// <summary>C <c>lzma_stream</c> on LP64 Linux (136 bytes); zero-initialised is LZMA_STREAM_INIT.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct LzmaStream
    {
        public byte* NextIn;
        public nuint AvailIn;
        public ulong TotalIn;
        public byte* NextOut;
        public nuint AvailOut;
        public ulong TotalOut;
        public nint Allocator;
        public nint Internal;
        public nint ReservedPtr1, ReservedPtr2, ReservedPtr3, ReservedPtr4;
        public ulong ReservedInt1, ReservedInt2;
        public nuint ReservedInt3, ReservedInt4;
        public int ReservedEnum1, ReservedEnum2;
    }

    /// <summary>C <c>lzma_mt</c> (liblzma 5.4 layout; unused fields must be zero).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct LzmaMt
    {
        public uint Flags;
        public uint Threads;
        public ulong BlockSize;
        public uint Timeout;
        public uint Preset;
        public nint Filters;
        public int Check;
        public int ReservedEnum1, ReservedEnum2, ReservedEnum3;
        public uint ReservedInt1, ReservedInt2, ReservedInt3, ReservedInt4;
        public ulong MemlimitThreading, MemlimitStop, ReservedInt7, ReservedInt8;
        public nint ReservedPtr1, ReservedPtr2, ReservedPtr3, ReservedPtr4;
    }

    [LibraryImport(Library, EntryPoint = "lzma_stream_encoder_mt")]
    public static partial int StreamEncoderMt(nint stream, LzmaMt* options);

    /// <summary>Fills a <c>lzma_options_lzma</c> from a preset; returns non-zero (true) on error.</summary>
    [LibraryImport(Library, EntryPoint = "lzma_lzma_preset")]
    public static partial byte LzmaPreset(void* options, uint preset);

    /// <summary>The legacy .lzma (LZMA_Alone) encoder: 13-byte header with unknown size, what <c>lzma -c</c> writes.</summary>
    [LibraryImport(Library, EntryPoint = "lzma_alone_encoder")]
    public static partial int AloneEncoder(nint stream, void* options);


    [LibraryImport(Library, EntryPoint = "lzma_code")]
    public static partial int Code(LzmaStream* stream, int action);

    [LibraryImport(Library, EntryPoint = "lzma_end")]
    public static partial void End(LzmaStream* stream);

    [LibraryImport(Library, EntryPoint = "lzma_stream_decoder")]
    public static partial int StreamDecoder(LzmaStream* stream, ulong memlimit, uint flags);

    [LibraryImport(Library, EntryPoint = "lzma_alone_decoder")]
    public static partial int AloneDecoder(LzmaStream* stream, ulong memlimit);

    [LibraryImport(Library, EntryPoint = "lzma_get_check")]
    public static partial int GetCheckType(LzmaStream* stream);

    /// <summary>liblzma's <c>lzma_ret</c> in words (the library has no strerror).</summary>
    public static string Describe(int ret) => ret switch
    {
        3 => "unsupported integrity check",
        5 => "cannot allocate memory",
        6 => "memory usage limit reached",
        7 => "file format not recognized",
        8 => "unsupported options",
        9 => "compressed data is corrupt",
        BufError => "unexpected end of input",
        _ => $"liblzma error {ret}",
    };
}
