namespace NicDoctor.KernelModules.Elf;

/// <summary>One section header, decoded.</summary>
public sealed record ElfSection(
    int Index,
    string Name,
    uint NameOffset,
    uint Type,
    ulong Flags,
    ulong Address,
    ulong Offset,
    ulong Size,
    uint Link,
    uint Info,
    ulong AddressAlignment,
    ulong EntrySize)
{
    public bool IsAlloc => (Flags & ElfConstants.SHF_ALLOC) != 0;

    /// <summary>True when the section occupies bytes in the file.</summary>
    public bool HasFileData => Type != ElfConstants.SHT_NOBITS && Type != ElfConstants.SHT_NULL;

    public bool IsRelocation => Type is ElfConstants.SHT_REL or ElfConstants.SHT_RELA;
}
