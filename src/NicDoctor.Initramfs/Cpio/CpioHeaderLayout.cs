namespace NicDoctor.Initramfs.Cpio;

/// <summary>
/// Byte layout of the ASCII cpio headers (libarchive cpio(5), kernel buffer-format.rst).
/// newc/crc: magic + 13 eight-digit hex fields = 110 bytes, name and data each padded to 4.
/// odc: magic + octal fields of 6 or 11 digits = 76 bytes, no padding.
/// </summary>
internal static class CpioHeaderLayout
{
    public const int MagicLength = 6;
    public const int Alignment = 4;
    public const string TrailerName = "TRAILER!!!";

    /// <summary>Longest name the kernel accepts (PATH_MAX, counting the NUL).</summary>
    public const int MaxNameSize = 4096;

    public static ReadOnlySpan<byte> NewcMagic => "070701"u8;
    public static ReadOnlySpan<byte> CrcMagic => "070702"u8;
    public static ReadOnlySpan<byte> OdcMagic => "070707"u8;

    public const int NewcHeaderLength = MagicLength + (13 * NewcFieldLength);
    public const int NewcFieldLength = 8;
    public const int NewcIno = MagicLength;
    public const int NewcMode = NewcIno + NewcFieldLength;
    public const int NewcUid = NewcMode + NewcFieldLength;
    public const int NewcGid = NewcUid + NewcFieldLength;
    public const int NewcNlink = NewcGid + NewcFieldLength;
    public const int NewcMtime = NewcNlink + NewcFieldLength;
    public const int NewcFileSize = NewcMtime + NewcFieldLength;
    public const int NewcDevMajor = NewcFileSize + NewcFieldLength;
    public const int NewcDevMinor = NewcDevMajor + NewcFieldLength;
    public const int NewcRDevMajor = NewcDevMinor + NewcFieldLength;
    public const int NewcRDevMinor = NewcRDevMajor + NewcFieldLength;
    public const int NewcNameSize = NewcRDevMinor + NewcFieldLength;
    public const int NewcCheck = NewcNameSize + NewcFieldLength;

    public const int OdcHeaderLength = 76;
    public const int OdcDev = MagicLength;
    public const int OdcIno = OdcDev + 6;
    public const int OdcMode = OdcIno + 6;
    public const int OdcUid = OdcMode + 6;
    public const int OdcGid = OdcUid + 6;
    public const int OdcNlink = OdcGid + 6;
    public const int OdcRDev = OdcNlink + 6;
    public const int OdcMtime = OdcRDev + 6;
    public const int OdcNameSize = OdcMtime + 11;
    public const int OdcFileSize = OdcNameSize + 6;

    public static long PaddingAfter(long position) => (Alignment - (position & (Alignment - 1))) & (Alignment - 1);
}
