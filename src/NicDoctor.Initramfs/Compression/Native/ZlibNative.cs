using System.Runtime.InteropServices;

namespace NicDoctor.Initramfs.Compression.Native;

/// <summary>
/// The system zlib's inflate. Used instead of <c>GZipStream</c> because we need the exact end of a
/// gzip member (zlib reports <c>avail_in</c>; the BCL streams read ahead and never say how far).
/// </summary>
internal static unsafe partial class ZlibNative
{
    public const string Library = "libz.so.1";
    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int NeedDict = 2;
    public const int BufError = -5;
    public const int NoFlush = 0;

    /// <summary>windowBits 15 + 16: gzip wrapper only (header, CRC32 and ISIZE are checked by zlib).</summary>
    public const int GzipWindowBits = 15 + 16;

    /// <summary>C <c>z_stream</c> on LP64 Linux (112 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public nuint TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public nuint TotalOut;
        public byte* Msg;
        public nint State;
        public nint ZAlloc;
        public nint ZFree;
        public nint Opaque;
        public int DataType;
        public nuint Adler;
        public nuint Reserved;
    }

    [LibraryImport(Library, EntryPoint = "inflateInit2_")]
    public static partial int InflateInit2(ZStream* stream, int windowBits, byte* version, int streamSize);

    [LibraryImport(Library, EntryPoint = "inflate")]
    public static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "inflateEnd")]
    public static partial int InflateEnd(ZStream* stream);
}
