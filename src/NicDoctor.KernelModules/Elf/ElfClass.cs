namespace NicDoctor.KernelModules.Elf;

/// <summary>Word size of an ELF file (EI_CLASS).</summary>
public enum ElfClass
{
    Elf32 = 1,
    Elf64 = 2,
}
