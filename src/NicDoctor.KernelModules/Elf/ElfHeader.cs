namespace NicDoctor.KernelModules.Elf;

/// <summary>The ELF file header fields a module reader needs.</summary>
public sealed record ElfHeader(
    ElfClass Class,
    bool BigEndian,
    byte OsAbi,
    ushort Type,
    ushort Machine,
    uint Version,
    ulong Flags,
    ulong SectionHeaderOffset,
    ushort HeaderSize,
    ushort SectionHeaderEntrySize,
    int SectionCount,
    int SectionNameTableIndex);
