namespace NicDoctor.Initramfs.Cpio;

/// <summary>The numeric fields of one cpio header, as parsed (name and data come after it).</summary>
internal readonly partial record struct CpioHeader(
    CpioFormat Format,
    ulong Inode,
    uint Mode,
    uint Uid,
    uint Gid,
    uint LinkCount,
    long ModificationTime,
    long FileSize,
    uint DevMajor,
    uint DevMinor,
    uint RDevMajor,
    uint RDevMinor,
    int NameSize,
    uint Checksum)
{
    public int HeaderLength => Format == CpioFormat.Odc ? CpioHeaderLayout.OdcHeaderLength : CpioHeaderLayout.NewcHeaderLength;

    /// <summary>newc and crc pad name and data to 4 bytes; odc does not pad.</summary>
    public bool IsPadded => Format != CpioFormat.Odc;
}
