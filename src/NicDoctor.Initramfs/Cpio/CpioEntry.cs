namespace NicDoctor.Initramfs.Cpio;

/// <summary>
/// One cpio member. newc, crc and odc differ only in magic, checksum and number encoding, so one
/// sealed type carries <see cref="Format"/> rather than a hierarchy. <see cref="DataStream"/> is a
/// bounded view valid until the reader moves to the next entry.
/// </summary>
public sealed class CpioEntry
{
    internal CpioEntry(CpioHeader header, string name, long headerOffset, long dataOffset)
    {
        Format = header.Format;
        Name = name;
        Inode = header.Inode;
        RawMode = header.Mode;
        Uid = header.Uid;
        Gid = header.Gid;
        LinkCount = header.LinkCount;
        ModificationTimeSeconds = header.ModificationTime;
        Length = header.FileSize;
        DevMajor = header.DevMajor;
        DevMinor = header.DevMinor;
        RDevMajor = header.RDevMajor;
        RDevMinor = header.RDevMinor;
        Checksum = header.Checksum;
        HeaderOffset = headerOffset;
        DataOffset = dataOffset;
    }

    public CpioFormat Format { get; }

    /// <summary>The stored name, exactly as <c>cpio -t</c> prints it (no normalisation).</summary>
    public string Name { get; }

    public ulong Inode { get; }

    /// <summary>The whole <c>c_mode</c>: type bits and permission bits.</summary>
    public uint RawMode { get; }

    public CpioEntryType EntryType => (RawMode & 0xF000) switch
    {
        0x1000 => CpioEntryType.Fifo,
        0x2000 => CpioEntryType.CharacterDevice,
        0x4000 => CpioEntryType.Directory,
        0x6000 => CpioEntryType.BlockDevice,
        0x8000 => CpioEntryType.RegularFile,
        0xA000 => CpioEntryType.SymbolicLink,
        0xC000 => CpioEntryType.Socket,
        _ => CpioEntryType.Unknown,
    };

    /// <summary>Permission bits including setuid/setgid/sticky (<c>mode &amp; 07777</c>).</summary>
    public UnixFileMode Permissions => (UnixFileMode)(RawMode & 0xFFF);

    public uint Uid { get; }
    public uint Gid { get; }
    public uint LinkCount { get; }

    /// <summary><c>c_mtime</c>: seconds since the Unix epoch.</summary>
    public long ModificationTimeSeconds { get; }

    public DateTimeOffset ModificationTime => DateTimeOffset.FromUnixTimeSeconds(ModificationTimeSeconds);

    /// <summary><c>c_filesize</c>: bytes of data after the name (for symlinks, the target).</summary>
    public long Length { get; }

    public uint DevMajor { get; }
    public uint DevMinor { get; }
    public uint RDevMajor { get; }
    public uint RDevMinor { get; }

    /// <summary><c>c_check</c>: for <see cref="CpioFormat.Crc"/> the 32-bit sum of the data bytes.</summary>
    public uint Checksum { get; }

    /// <summary>Offset of the header in the archive stream (for compressed parts: decompressed bytes).</summary>
    public long HeaderOffset { get; }

    /// <summary>Offset of the first data byte in the archive stream.</summary>
    public long DataOffset { get; }

    /// <summary>For symbolic links: the target (the entry's data).</summary>
    public string? LinkTarget { get; internal set; }

    /// <summary>
    /// For the second and later names of a hard-linked inode (same dev/ino, nlink &gt; 1, before the
    /// next <c>TRAILER!!!</c>): the first name seen. The data may sit on any of the names.
    /// </summary>
    public string? HardLinkTarget { get; internal set; }

    /// <summary>The data of a regular file; null for other types and for empty files.</summary>
    public Stream? DataStream { get; internal set; }
}
