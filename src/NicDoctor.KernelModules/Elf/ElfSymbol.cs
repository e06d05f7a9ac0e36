namespace NicDoctor.KernelModules.Elf;

/// <summary>One symbol table entry; <see cref="SectionIndex"/> is already resolved through SHT_SYMTAB_SHNDX.</summary>
public sealed record ElfSymbol(
    int Index,
    string Name,
    uint NameOffset,
    byte Info,
    byte Other,
    uint SectionIndex,
    ulong Value,
    ulong Size)
{
    public byte Binding => (byte)(Info >> 4);
    public byte Type => (byte)(Info & 0xf);
    public bool IsUndefined => SectionIndex == ElfConstants.SHN_UNDEF;
}
