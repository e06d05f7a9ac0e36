namespace NicDoctor.Initramfs.Cpio;

internal readonly partial record struct CpioHeader
{
    /// <summary>Which header the 6 magic bytes announce, or null when they are not a cpio magic.</summary>
    public static CpioFormat? DetectFormat(ReadOnlySpan<byte> magic)
    {
        if (magic.Length < CpioHeaderLayout.MagicLength)
            return null;
        magic = magic[..CpioHeaderLayout.MagicLength];
        if (magic.SequenceEqual(CpioHeaderLayout.NewcMagic))
            return CpioFormat.Newc;
        if (magic.SequenceEqual(CpioHeaderLayout.CrcMagic))
            return CpioFormat.Crc;
        if (magic.SequenceEqual(CpioHeaderLayout.OdcMagic))
            return CpioFormat.Odc;
        return null;
    }

    /// <summary>Parses a complete header; returns the name of the first bad field, or null on success.</summary>
    public static string? TryParse(CpioFormat format, ReadOnlySpan<byte> bytes, out CpioHeader header)
    {
        header = default;
        return format == CpioFormat.Odc ? TryParseOdc(bytes, out header) : TryParseNewc(format, bytes, out header);
    }

    private static string? TryParseNewc(CpioFormat format, ReadOnlySpan<byte> h, out CpioHeader header)
    {
        header = default;
        if (!Hex(h, CpioHeaderLayout.NewcIno, out uint ino)) return "c_ino";
        if (!Hex(h, CpioHeaderLayout.NewcMode, out uint mode)) return "c_mode";
        if (!Hex(h, CpioHeaderLayout.NewcUid, out uint uid)) return "c_uid";
        if (!Hex(h, CpioHeaderLayout.NewcGid, out uint gid)) return "c_gid";
        if (!Hex(h, CpioHeaderLayout.NewcNlink, out uint nlink)) return "c_nlink";
        if (!Hex(h, CpioHeaderLayout.NewcMtime, out uint mtime)) return "c_mtime";
        if (!Hex(h, CpioHeaderLayout.NewcFileSize, out uint size)) return "c_filesize";
        if (!Hex(h, CpioHeaderLayout.NewcDevMajor, out uint maj)) return "c_devmajor";
        if (!Hex(h, CpioHeaderLayout.NewcDevMinor, out uint min)) return "c_devminor";
        if (!Hex(h, CpioHeaderLayout.NewcRDevMajor, out uint rmaj)) return "c_rdevmajor";
        if (!Hex(h, CpioHeaderLayout.NewcRDevMinor, out uint rmin)) return "c_rdevminor";
        if (!Hex(h, CpioHeaderLayout.NewcNameSize, out uint namesize)) return "c_namesize";
        if (!Hex(h, CpioHeaderLayout.NewcCheck, out uint check)) return "c_check";
        header = new CpioHeader(format, ino, mode, uid, gid, nlink, mtime, size, maj, min, rmaj, rmin,
            namesize > int.MaxValue ? int.MaxValue : (int)namesize, check);
        return null;
    }

    private static string? TryParseOdc(ReadOnlySpan<byte> h, out CpioHeader header)
    {
        header = default;
        if (!Octal(h, CpioHeaderLayout.OdcDev, 6, out ulong dev)) return "c_dev";
        if (!Octal(h, CpioHeaderLayout.OdcIno, 6, out ulong ino)) return "c_ino";
        if (!Octal(h, CpioHeaderLayout.OdcMode, 6, out ulong mode)) return "c_mode";
        if (!Octal(h, CpioHeaderLayout.OdcUid, 6, out ulong uid)) return "c_uid";
        if (!Octal(h, CpioHeaderLayout.OdcGid, 6, out ulong gid)) return "c_gid";
        if (!Octal(h, CpioHeaderLayout.OdcNlink, 6, out ulong nlink)) return "c_nlink";
        if (!Octal(h, CpioHeaderLayout.OdcRDev, 6, out ulong rdev)) return "c_rdev";
        if (!Octal(h, CpioHeaderLayout.OdcMtime, 11, out ulong mtime)) return "c_mtime";
        if (!Octal(h, CpioHeaderLayout.OdcNameSize, 6, out ulong namesize)) return "c_namesize";
        if (!Octal(h, CpioHeaderLayout.OdcFileSize, 11, out ulong size)) return "c_filesize";
        // odc has one 18-bit device number; split it the traditional 8-bit way for display.
        header = new CpioHeader(CpioFormat.Odc, ino, (uint)mode, (uint)uid, (uint)gid, (uint)nlink, (long)mtime, (long)size,
            (uint)(dev >> 8), (uint)(dev & 0xff), (uint)(rdev >> 8), (uint)(rdev & 0xff), (int)namesize, 0);
        return null;
    }

    private static bool Hex(ReadOnlySpan<byte> h, int offset, out uint value)
    {
        value = 0;
        foreach (byte b in h.Slice(offset, CpioHeaderLayout.NewcFieldLength))
        {
            int digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
                return false;
            value = (value << 4) | (uint)digit;
        }
        return true;
    }

    private static bool Octal(ReadOnlySpan<byte> h, int offset, int length, out ulong value)
    {
        value = 0;
        foreach (byte b in h.Slice(offset, length))
        {
            if (b is < (byte)'0' or > (byte)'7')
                return false;
            value = (value << 3) | (uint)(b - '0');
        }
        return true;
    }
}
