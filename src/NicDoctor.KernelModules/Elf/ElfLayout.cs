namespace NicDoctor.KernelModules.Elf;

/// <summary>Field offsets and record sizes of ELF32 and ELF64 structures (elf.h), in one place.</summary>
internal static class ElfLayout
{
    public const int IdentSize = 16;
    public const int EiClass = 4;
    public const int EiData = 5;
    public const int EiOsAbi = 7;

    public static int HeaderSize(bool is64) => is64 ? 64 : 52;
    public static int SectionHeaderSize(bool is64) => is64 ? 64 : 40;
    public static int SymbolSize(bool is64) => is64 ? 24 : 16;
    public static int RelSize(bool is64) => is64 ? 16 : 8;
    public static int RelaSize(bool is64) => is64 ? 24 : 12;

    // Elf_Ehdr: offsets after e_ident/e_type/e_machine/e_version (same for both classes up to 24).
    public const int EType = 16;
    public const int EMachine = 18;
    public const int EVersion = 20;
    public static int EFlags(bool is64) => is64 ? 48 : 36;
    public static int EShoff(bool is64) => is64 ? 40 : 32;
    public static int EEhsize(bool is64) => is64 ? 52 : 40;
    public static int EShentsize(bool is64) => is64 ? 58 : 46;
    public static int EShnum(bool is64) => is64 ? 60 : 48;
    public static int EShstrndx(bool is64) => is64 ? 62 : 50;

    // Elf_Shdr
    public const int ShName = 0;
    public const int ShType = 4;
    public const int ShFlags = 8;
    public static int ShAddr(bool is64) => is64 ? 16 : 12;
    public static int ShOffset(bool is64) => is64 ? 24 : 16;
    public static int ShSize(bool is64) => is64 ? 32 : 20;
    public static int ShLink(bool is64) => is64 ? 40 : 24;
    public static int ShInfo(bool is64) => is64 ? 44 : 28;
    public static int ShAddralign(bool is64) => is64 ? 48 : 32;
    public static int ShEntsize(bool is64) => is64 ? 56 : 36;

    // Elf_Sym
    public const int StName = 0;
    public static int StInfo(bool is64) => is64 ? 4 : 12;
    public static int StOther(bool is64) => is64 ? 5 : 13;
    public static int StShndx(bool is64) => is64 ? 6 : 14;
    public static int StValue(bool is64) => is64 ? 8 : 4;
    public static int StSize(bool is64) => is64 ? 16 : 8;

    // Elf_Rel / Elf_Rela: r_offset, r_info, [r_addend]
    public static int RInfo(bool is64) => is64 ? 8 : 4;
    public static int RAddend(bool is64) => is64 ? 16 : 8;

    public static uint RelSymbol(bool is64, ulong info) => is64 ? (uint)(info >> 32) : (uint)(info >> 8);
    public static uint RelType(bool is64, ulong info) => is64 ? (uint)info : (uint)(info & 0xff);
    public static ulong RelInfo(bool is64, uint symbol, uint type) => is64 ? ((ulong)symbol << 32) | type : (symbol << 8) | (type & 0xff);
}
