namespace NicDoctor.Initramfs.Cpio;

/// <summary>File type from the <c>S_IFMT</c> bits of the mode.</summary>
public enum CpioEntryType
{
    Unknown = 0,
    Fifo = 0x1000,
    CharacterDevice = 0x2000,
    Directory = 0x4000,
    BlockDevice = 0x6000,
    RegularFile = 0x8000,
    SymbolicLink = 0xA000,
    Socket = 0xC000,
}
