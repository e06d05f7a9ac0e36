using NicDoctor.Initramfs.Cpio;

namespace NicDoctor.Initramfs.Write;

/// <summary>The header fields of one entry to write (newc/crc). <see cref="Size"/> is the data length.</summary>
public sealed record CpioEntryHeader(string Name, uint Mode, long Size)
{
    public ulong Inode { get; init; }
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public uint LinkCount { get; init; } = 1;
    public long ModificationTime { get; init; }
    public uint DevMajor { get; init; }
    public uint DevMinor { get; init; }
    public uint RDevMajor { get; init; }
    public uint RDevMinor { get; init; }

    /// <summary>The same header as a read entry (for copying entries unchanged).</summary>
    public static CpioEntryHeader From(CpioEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new CpioEntryHeader(entry.Name, entry.RawMode, entry.Length)
        {
            Inode = entry.Inode,
            Uid = entry.Uid,
            Gid = entry.Gid,
            LinkCount = entry.LinkCount,
            ModificationTime = entry.ModificationTimeSeconds,
            DevMajor = entry.DevMajor,
            DevMinor = entry.DevMinor,
            RDevMajor = entry.RDevMajor,
            RDevMinor = entry.RDevMinor,
        };
    }
}
