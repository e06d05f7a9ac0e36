namespace NicDoctor.KernelModules.Elf;

/// <summary>The ELF numbers this library needs (System V ABI, Linux elf.h).</summary>
public static class ElfConstants
{
    public const ushort ET_REL = 1;
    public const ushort SHN_UNDEF = 0;
    public const ushort SHN_LORESERVE = 0xff00;
    public const ushort SHN_ABS = 0xfff1;
    public const ushort SHN_COMMON = 0xfff2;
    public const ushort SHN_XINDEX = 0xffff;

    public const uint SHT_NULL = 0;
    public const uint SHT_PROGBITS = 1;
    public const uint SHT_SYMTAB = 2;
    public const uint SHT_STRTAB = 3;
    public const uint SHT_RELA = 4;
    public const uint SHT_NOTE = 7;
    public const uint SHT_NOBITS = 8;
    public const uint SHT_REL = 9;
    public const uint SHT_GROUP = 17;
    public const uint SHT_SYMTAB_SHNDX = 18;

    public const ulong SHF_ALLOC = 0x2;
    public const ulong SHF_INFO_LINK = 0x40;

    public const byte STB_LOCAL = 0;
    public const byte STB_GLOBAL = 1;
    public const byte STB_WEAK = 2;

    public const byte STT_NOTYPE = 0;
    public const byte STT_OBJECT = 1;
    public const byte STT_FUNC = 2;
    public const byte STT_SECTION = 3;
    public const byte STT_FILE = 4;

    public const ushort EM_386 = 3;
    public const ushort EM_X86_64 = 62;
}
