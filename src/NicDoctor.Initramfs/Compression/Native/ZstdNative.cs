using System.Runtime.InteropServices;

namespace NicDoctor.Initramfs.Compression.Native;

/// <summary>
/// The system libzstd (<c>zstd.h</c>, stable API): the streaming decoder (since 1.3) and the
/// streaming encoder <c>ZSTD_compressStream2</c> (since 1.4), which runs its workers on all cores.
/// </summary>
internal static unsafe partial class ZstdNative
{
    public const string Library = "libzstd.so.1";

    /// <summary><c>ZSTD_d_windowLogMax</c>.</summary>
    public const int WindowLogMax = 100;

    [StructLayout(LayoutKind.Sequential)]
    public struct InBuffer
    {
        public byte* Src;
        public nuint Size;
        public nuint Pos;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct OutBuffer
    {
        public byte* Dst;
        public nuint Size;
        public nuint Pos;
    }

    [LibraryImport(Library, EntryPoint = "ZSTD_createDCtx")]
    public static partial nint CreateDCtx();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeDCtx")]
    public static partial nuint FreeDCtx(nint context);

    [LibraryImport(Library, EntryPoint = "ZSTD_DCtx_setParameter")]
    public static partial nuint SetParameter(nint context, int parameter, int value);

    /// <summary>Returns 0 exactly when a frame is complete; <c>input.Pos</c> is what it consumed.</summary>
    [LibraryImport(Library, EntryPoint = "ZSTD_decompressStream")]
    public static partial nuint DecompressStream(nint context, OutBuffer* output, InBuffer* input);

    /// <summary><c>ZSTD_c_compressionLevel</c>.</summary>
    public const int CompressionLevel = 100;

    /// <summary><c>ZSTD_c_checksumFlag</c>.</summary>
    public const int ChecksumFlag = 201;

    /// <summary><c>ZSTD_c_nbWorkers</c>: needs a library built with threads (Debian's is); refused otherwise.</summary>
    public const int NbWorkers = 400;

    /// <summary><c>ZSTD_e_continue</c>.</summary>
    public const int Continue = 0;

    /// <summary><c>ZSTD_e_end</c>: returns 0 once the frame is complete and flushed.</summary>
    public const int End = 2;

    [LibraryImport(Library, EntryPoint = "ZSTD_createCCtx")]
    public static partial nint CreateCCtx();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeCCtx")]
    public static partial nuint FreeCCtx(nint context);

    [LibraryImport(Library, EntryPoint = "ZSTD_CCtx_setParameter")]
    public static partial nuint SetCParameter(nint context, int parameter, int value);

    /// <summary>Returns how much is still to flush (0 when done with <see cref="End"/>), or an error code.</summary>
    [LibraryImport(Library, EntryPoint = "ZSTD_compressStream2")]
    public static partial nuint CompressStream2(nint context, OutBuffer* output, InBuffer* input, int endOp);

    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    public static partial byte* GetErrorName(nuint code);
}
