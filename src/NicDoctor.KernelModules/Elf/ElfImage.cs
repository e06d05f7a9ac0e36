namespace NicDoctor.KernelModules.Elf;

/// <summary>
/// A relocatable ELF image (a kernel module) held in memory: header and section table are
/// decoded and validated once; symbols and relocations are decoded on request. Nothing is
/// copied: section contents are views of the image.
/// </summary>
public sealed class ElfImage
{
    private static ReadOnlySpan<byte> Magic => [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    private readonly Dictionary<string, ElfSection> _firstByName = new(StringComparer.Ordinal);

    private ElfImage(ElfData data, ElfHeader header, IReadOnlyList<ElfSection> sections)
    {
        Data = data;
        Header = header;
        Sections = sections;
        foreach (ElfSection s in sections)
            _firstByName.TryAdd(s.Name, s);
    }

    public ElfData Data { get; }
    public ElfHeader Header { get; }
    public IReadOnlyList<ElfSection> Sections { get; }
    public string Source => Data.Source;

    /// <summary>True when <paramref name="image"/> starts with the ELF magic.</summary>
    public static bool HasElfMagic(ReadOnlySpan<byte> image) => image.StartsWith(Magic);

    /// <summary>Decodes the header and section table of <paramref name="image"/>.</summary>
    public static ElfImage Read(ReadOnlyMemory<byte> image, string source)
    {
        ReadOnlySpan<byte> span = image.Span;
        if (span.Length < ElfLayout.IdentSize)
            throw ModuleFormatException.Create(source, 0, $"file is {span.Length} bytes, too short for an ELF header");
        if (!span.StartsWith(Magic))
            throw ModuleFormatException.Create(source, 0, $"not an ELF file: magic {Convert.ToHexString(span[..4])}, expected 7F454C46");
        ElfClass elfClass = span[ElfLayout.EiClass] switch
        {
            1 => ElfClass.Elf32,
            2 => ElfClass.Elf64,
            byte b => throw ModuleFormatException.Create(source, ElfLayout.EiClass, $"invalid ELF class {b}, expected 1 (ELF32) or 2 (ELF64)"),
        };
        bool bigEndian = span[ElfLayout.EiData] switch
        {
            1 => false,
            2 => true,
            byte b => throw ModuleFormatException.Create(source, ElfLayout.EiData, $"invalid ELF data encoding {b}, expected 1 (LSB) or 2 (MSB)"),
        };
        var data = new ElfData(image, source, elfClass, bigEndian);
        bool is64 = data.Is64;
        _ = data.Slice(0, (ulong)ElfLayout.HeaderSize(is64), "ELF header");

        ushort type = data.U16(ElfLayout.EType, "e_type");
        ulong shoff = data.Word((ulong)ElfLayout.EShoff(is64), "e_shoff");
        ushort shentsize = data.U16((ulong)ElfLayout.EShentsize(is64), "e_shentsize");
        int shnum = data.U16((ulong)ElfLayout.EShnum(is64), "e_shnum");
        int shstrndx = data.U16((ulong)ElfLayout.EShstrndx(is64), "e_shstrndx");
        if (type != ElfConstants.ET_REL)
            throw data.Error(ElfLayout.EType, $"ELF type {type} is not ET_REL (1): not a kernel module");
        if (shoff == 0)
            throw data.Error(ElfLayout.EShoff(is64), "no section header table (e_shoff is 0)");
        if (shentsize != ElfLayout.SectionHeaderSize(is64))
            throw data.Error(ElfLayout.EShentsize(is64), $"section header size {shentsize}, expected {ElfLayout.SectionHeaderSize(is64)}");

        // Extended numbering: counts that do not fit live in section 0.
        if (shnum == 0)
        {
            ulong extended = data.Word(shoff + (ulong)ElfLayout.ShSize(is64), "section 0 sh_size (extended e_shnum)");
            if (extended > (ulong)data.Length / shentsize)
                throw data.Error((long)shoff, $"extended section count {extended} cannot fit in the file");
            shnum = (int)extended;
        }
        if (shstrndx == ElfConstants.SHN_XINDEX)
        {
            uint extended = data.U32(shoff + (ulong)ElfLayout.ShLink(is64), "section 0 sh_link (extended e_shstrndx)");
            shstrndx = extended > int.MaxValue ? int.MaxValue : (int)extended;
        }
        ulong tableSize = (ulong)shnum * shentsize;
        _ = data.Slice(shoff, tableSize, $"section header table ({shnum} entries)");
        if (shstrndx == 0 || shstrndx >= shnum)
            throw data.Error(ElfLayout.EShstrndx(is64), $"section name table index {shstrndx} is outside the {shnum} sections");

        var header = new ElfHeader(elfClass, bigEndian, span[ElfLayout.EiOsAbi], type,
            data.U16(ElfLayout.EMachine, "e_machine"), data.U32(ElfLayout.EVersion, "e_version"),
            data.U32((ulong)ElfLayout.EFlags(is64), "e_flags"), shoff,
            data.U16((ulong)ElfLayout.EEhsize(is64), "e_ehsize"), shentsize, shnum, shstrndx);

        var raw = new (uint Name, uint Type, ulong Flags, ulong Addr, ulong Offset, ulong Size, uint Link, uint Info, ulong Align, ulong EntSize)[shnum];
        for (int i = 0; i < shnum; i++)
        {
            ulong at = shoff + ((ulong)i * shentsize);
            raw[i] = (data.U32(at, "sh_name"), data.U32(at + ElfLayout.ShType, "sh_type"),
                data.Word(at + ElfLayout.ShFlags, "sh_flags"), data.Word(at + (ulong)ElfLayout.ShAddr(is64), "sh_addr"),
                data.Word(at + (ulong)ElfLayout.ShOffset(is64), "sh_offset"), data.Word(at + (ulong)ElfLayout.ShSize(is64), "sh_size"),
                data.U32(at + (ulong)ElfLayout.ShLink(is64), "sh_link"), data.U32(at + (ulong)ElfLayout.ShInfo(is64), "sh_info"),
                data.Word(at + (ulong)ElfLayout.ShAddralign(is64), "sh_addralign"), data.Word(at + (ulong)ElfLayout.ShEntsize(is64), "sh_entsize"));
            if (raw[i].Type != ElfConstants.SHT_NOBITS && raw[i].Type != ElfConstants.SHT_NULL)
                _ = data.Slice(raw[i].Offset, raw[i].Size, $"section {i} contents");
        }

        var names = raw[shstrndx];
        ReadOnlySpan<byte> nameTable = data.Slice(names.Offset, names.Size, "section name table");
        var sections = new ElfSection[shnum];
        for (int i = 0; i < shnum; i++)
        {
            var r = raw[i];
            if (r.Name != 0 && r.Name >= nameTable.Length)
                throw data.Error((long)(shoff + ((ulong)i * shentsize)), $"section {i} name offset 0x{r.Name:x} is outside the section name table (0x{nameTable.Length:x} bytes)");
            sections[i] = new ElfSection(i, ElfData.CString(nameTable, r.Name), r.Name, r.Type, r.Flags, r.Addr,
                r.Offset, r.Size, r.Link, r.Info, r.Align, r.EntSize);
        }
        return new ElfImage(data, header, sections);
    }

    /// <summary>The first section with this name, or null.</summary>
    public ElfSection? FindSection(string name) => _firstByName.GetValueOrDefault(name);

    /// <summary>The bytes of a section (empty for SHT_NOBITS).</summary>
    public ReadOnlyMemory<byte> GetContents(ElfSection section) =>
        section.HasFileData ? Data.SliceMemory(section.Offset, section.Size, $"section {section.Name} contents") : ReadOnlyMemory<byte>.Empty;

    /// <summary>The first SHT_SYMTAB section, or null for a stripped file.</summary>
    public ElfSection? SymbolTable => Sections.FirstOrDefault(s => s.Type == ElfConstants.SHT_SYMTAB);

    /// <summary>All entries of a symbol table, names resolved through its sh_link string table.</summary>
    public IReadOnlyList<ElfSymbol> ReadSymbols(ElfSection symtab)
    {
        bool is64 = Data.Is64;
        int size = ElfLayout.SymbolSize(is64);
        if (symtab.Link >= Sections.Count)
            throw Data.Error((long)symtab.Offset, $"symbol table {symtab.Name} links to string table {symtab.Link}, outside the {Sections.Count} sections");
        ReadOnlySpan<byte> strings = GetContents(Sections[(int)symtab.Link]).Span;
        ElfSection? shndx = Sections.FirstOrDefault(s => s.Type == ElfConstants.SHT_SYMTAB_SHNDX && s.Link == symtab.Index);
        int count = (int)(symtab.Size / (ulong)size);
        var symbols = new ElfSymbol[count];
        for (int i = 0; i < count; i++)
        {
            ulong at = symtab.Offset + ((ulong)i * (ulong)size);
            uint name = Data.U32(at, "st_name");
            uint sectionIndex = Data.U16(at + (ulong)ElfLayout.StShndx(is64), "st_shndx");
            if (sectionIndex == ElfConstants.SHN_XINDEX && shndx is not null)
                sectionIndex = Data.U32(shndx.Offset + ((ulong)i * 4), "SHT_SYMTAB_SHNDX entry");
            if (name != 0 && name >= strings.Length)
                throw Data.Error((long)at, $"symbol {i} name offset 0x{name:x} is outside the string table (0x{strings.Length:x} bytes)");
            symbols[i] = new ElfSymbol(i, ElfData.CString(strings, name), name,
                Data.U8(at + (ulong)ElfLayout.StInfo(is64), "st_info"), Data.U8(at + (ulong)ElfLayout.StOther(is64), "st_other"),
                sectionIndex, Data.Word(at + (ulong)ElfLayout.StValue(is64), "st_value"), Data.Word(at + (ulong)ElfLayout.StSize(is64), "st_size"));
        }
        return symbols;
    }

    /// <summary>All entries of a SHT_REL or SHT_RELA section.</summary>
    public ElfRelocation[] ReadRelocations(ElfSection section)
    {
        bool is64 = Data.Is64;
        bool rela = section.Type == ElfConstants.SHT_RELA;
        int size = rela ? ElfLayout.RelaSize(is64) : ElfLayout.RelSize(is64);
        int count = (int)(section.Size / (ulong)size);
        var relocations = new ElfRelocation[count];
        for (int i = 0; i < count; i++)
        {
            ulong at = section.Offset + ((ulong)i * (ulong)size);
            ulong info = Data.Word(at + (ulong)ElfLayout.RInfo(is64), "r_info");
            long addend = !rela ? 0 : is64
                ? (long)Data.U64(at + (ulong)ElfLayout.RAddend(is64), "r_addend")
                : (int)Data.U32(at + (ulong)ElfLayout.RAddend(is64), "r_addend");
            relocations[i] = new ElfRelocation(Data.Word(at, "r_offset"), ElfLayout.RelSymbol(is64, info), ElfLayout.RelType(is64, info), addend);
        }
        return relocations;
    }
}
