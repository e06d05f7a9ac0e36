using System.Runtime.InteropServices;

namespace NicDoctor.Initramfs.Compression.Native;

/// <summary>
/// zlib-ng's inflate as .NET ships it for <c>System.IO.Compression</c> (<c>CompressionNative_*</c>
/// in libSystem.IO.Compression.Native: a file of the shared runtime, linked into the Native AOT
/// binary). Called directly because <c>GZipStream</c> reads ahead and never says where a member
/// ended; this interface reports <c>availIn</c>. Inflates about 1.9× faster than the system
/// zlib 1.2.13 (docs/performance.md). These exports are the runtime's own, not a public
/// contract, so they are probed once and <see cref="ZlibNative"/> (libz.so.1) is the fallback.
/// </summary>
internal static unsafe partial class ZlibNgNative
{
    public const string Library = "libSystem.IO.Compression.Native";

    /// <summary><c>PAL_ZStream</c> (System.IO.Compression.Native/pal_zlib.h); codes are zlib's.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ZStream
    {
        public byte* NextIn;
        public byte* NextOut;
        public byte* Msg;
        public nint InternalState;
        public uint AvailIn;
        public uint AvailOut;
    }

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateInit2_")]
    public static partial int InflateInit2(ZStream* stream, int windowBits);

    [LibraryImport(Library, EntryPoint = "CompressionNative_Inflate")]
    public static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateEnd")]
    public static partial int InflateEnd(ZStream* stream);

    /// <summary>
    /// Whether the exports can be called. In a Native AOT binary they are linked in and no file
    /// exists to load, so the probe is a real init/end pair rather than <c>NativeLibrary.TryLoad</c>.
    /// </summary>
    public static bool Probe()
    {
        try
        {
            var z = default(ZStream);
            if (InflateInit2(&z, ZlibNative.GzipWindowBits) != ZlibNative.Ok)
                return false;
            InflateEnd(&z);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
