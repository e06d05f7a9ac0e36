using System.Runtime.InteropServices;

namespace NicDoctor.Initramfs.Compression.Native;

/// <summary>The system libzstd's streaming decoder (<c>zstd.h</c>, stable API since 1.3).</summary>
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

    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    public static partial byte* GetErrorName(nuint code);
}
