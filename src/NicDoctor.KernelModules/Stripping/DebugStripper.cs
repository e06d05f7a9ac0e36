using NicDoctor.KernelModules.Elf;

namespace NicDoctor.KernelModules.Stripping;

/// <summary>
/// <c>strip --strip-debug</c> for kernel modules, written directly on the ELF image: drops the
/// debug sections and the relocation sections that apply to them, STT_FILE symbols and section
/// symbols no remaining relocation uses; renumbers sections and symbols (relocations, sh_link,
/// sh_info, groups, st_shndx); copies every other section byte for byte at its alignment. The
/// result has no signature: the old one covered bytes that no longer exist.
/// </summary>
public static class DebugStripper
{
    private const ulong SHF_LINK_ORDER = 0x80;

    // Kernel sections align to at most a page or a cache line; more means a corrupt header.
    private const ulong MaxAlignment = 1 << 20;

    // clang's address-significance table lists symbol indices; like binutils, empty it rather than leave it stale.
    private const uint SHT_LLVM_ADDRSIG = 0x6fff4c03;

    public static StripResult Strip(ModuleFile module)
    {
        ArgumentNullException.ThrowIfNull(module);
        ElfImage elf = module.Elf;
        IReadOnlyList<ElfSection> sections = elf.Sections;
        int count = sections.Count;
        bool is64 = elf.Data.Is64;

        var removed = new bool[count];
        for (int i = 1; i < count; i++)
            removed[i] = DebugSections.IsDebug(sections[i]);
        for (int i = 1; i < count; i++)
        {
            if (sections[i].IsRelocation && sections[i].Info < count && removed[sections[i].Info])
                removed[i] = true;
        }
        var groups = new Dictionary<int, uint[]>();
        for (int i = 1; i < count; i++)
        {
            if (sections[i].Type != ElfConstants.SHT_GROUP)
                continue;
            uint[] words = ReadWords(elf, sections[i]);
            if (words.Length == 0)
                throw ModuleFormatException.Create(module.Source, (long)sections[i].Offset, $"section group {sections[i].Name} is empty (no flags word)");
            uint[] kept = [words[0], .. words.Skip(1).Where(m => m < count && !removed[m])];
            if (kept.Length == 1)
                removed[i] = true;
            else
                groups[i] = kept;
        }

        ElfSection symtab = elf.SymbolTable ?? throw ModuleFormatException.Create(module.Source, (long)elf.Header.SectionHeaderOffset,
            "module has no symbol table (already fully stripped?); nothing to strip safely");
        if (removed[symtab.Index] || removed[symtab.Link])
            throw ModuleFormatException.Create(module.Source, (long)symtab.Offset, "symbol table would be removed");
        IReadOnlyList<ElfSymbol> symbols = elf.ReadSymbols(symtab);

        // Relocations that stay, and the symbols they need.
        var relocations = new Dictionary<int, ElfRelocation[]>();
        var used = new bool[symbols.Count];
        for (int i = 1; i < count; i++)
        {
            if (removed[i] || !sections[i].IsRelocation || sections[i].Link != symtab.Index)
                continue;
            ElfRelocation[] entries = elf.ReadRelocations(sections[i]);
            relocations[i] = entries;
            foreach (ElfRelocation r in entries)
            {
                if (r.SymbolIndex >= symbols.Count)
                    throw ModuleFormatException.Create(module.Source, (long)sections[i].Offset, $"relocation in {sections[i].Name} uses symbol {r.SymbolIndex}, outside the {symbols.Count} symbols");
                used[r.SymbolIndex] = true;
            }
        }

        var symbolMap = new int[symbols.Count];
        var keptSymbols = new List<ElfSymbol>(symbols.Count);
        int firstGlobal = 0;
        for (int i = 0; i < symbols.Count; i++)
        {
            ElfSymbol s = symbols[i];
            bool keep = i == 0 || used[i] || KeepUnused(s, removed);
            symbolMap[i] = keep ? keptSymbols.Count : -1;
            if (!keep)
                continue;
            keptSymbols.Add(s);
            if (s.Binding == ElfConstants.STB_LOCAL)
                firstGlobal = keptSymbols.Count;
        }

        var sectionMap = new int[count];
        var keptSections = new List<ElfSection>(count);
        for (int i = 0; i < count; i++)
        {
            sectionMap[i] = removed[i] ? -1 : keptSections.Count;
            if (!removed[i])
                keptSections.Add(sections[i]);
        }
        ElfSection? shndxTable = keptSections.FirstOrDefault(s => s.Type == ElfConstants.SHT_SYMTAB_SHNDX && s.Link == symtab.Index);

        // New contents for the sections that change; the rest are copied.
        int symSize = ElfLayout.SymbolSize(is64);
        var replaced = new Dictionary<int, byte[]>
        {
            [symtab.Index] = WriteSymbols(elf, module.Source, keptSymbols, sectionMap, shndxTable is not null, out uint[]? extended),
        };
        if (shndxTable is not null)
        {
            byte[] table = new byte[keptSymbols.Count * 4];
            var buffer = new ElfBuffer(table, is64, elf.Data.BigEndian);
            for (int i = 0; i < keptSymbols.Count; i++)
                buffer.U32(i * 4L, extended![i]);
            replaced[shndxTable.Index] = table;
        }
        foreach (ElfSection addrsig in keptSections.Where(s => s.Type == SHT_LLVM_ADDRSIG))
            replaced[addrsig.Index] = [];
        foreach ((int index, ElfRelocation[] entries) in relocations)
            replaced[index] = WriteRelocations(elf, sections[index], entries, symbolMap);
        foreach ((int index, uint[] members) in groups)
        {
            byte[] data = new byte[members.Length * 4];
            var buffer = new ElfBuffer(data, is64, elf.Data.BigEndian);
            buffer.U32(0, members[0]);
            for (int m = 1; m < members.Length; m++)
                buffer.U32(m * 4L, (uint)sectionMap[members[m]]);
            replaced[index] = data;
        }

        // Layout: ELF header, then each section at its alignment in index order, then the section headers.
        int headerSize = elf.Header.HeaderSize;
        long position = headerSize;
        var offsets = new long[keptSections.Count];
        for (int n = 1; n < keptSections.Count; n++)
        {
            ElfSection s = keptSections[n];
            if (s.AddressAlignment > MaxAlignment)
                throw ModuleFormatException.Create(module.Source, (long)s.Offset, $"section {s.Name} alignment 0x{s.AddressAlignment:x} is implausible for a module");
            long align = (long)Math.Max(1UL, s.AddressAlignment);
            position = (position + align - 1) / align * align;
            offsets[n] = position;
            if (s.HasFileData)
                position += replaced.TryGetValue(s.Index, out byte[]? data) ? data.Length : (long)s.Size;
        }
        long shdrAlign = is64 ? 8 : 4;
        long shoff = (position + shdrAlign - 1) / shdrAlign * shdrAlign;
        int shentsize = ElfLayout.SectionHeaderSize(is64);
        byte[] output = new byte[shoff + ((long)keptSections.Count * shentsize)];
        var writer = new ElfBuffer(output, is64, elf.Data.BigEndian);

        elf.Data.Slice(0, (ulong)headerSize, "ELF header").CopyTo(output);
        writer.Word(ElfLayout.EShoff(is64), (ulong)shoff);
        bool extendedCount = keptSections.Count >= ElfConstants.SHN_LORESERVE;
        writer.U16(ElfLayout.EShnum(is64), extendedCount ? (ushort)0 : (ushort)keptSections.Count);
        int newShstrndx = sectionMap[elf.Header.SectionNameTableIndex];
        bool extendedNames = newShstrndx >= ElfConstants.SHN_LORESERVE;
        writer.U16(ElfLayout.EShstrndx(is64), extendedNames ? ElfConstants.SHN_XINDEX : (ushort)newShstrndx);

        for (int n = 0; n < keptSections.Count; n++)
        {
            ElfSection s = keptSections[n];
            long at = shoff + ((long)n * shentsize);
            bool hasData = s.HasFileData;
            byte[]? newData = replaced.GetValueOrDefault(s.Index);
            ulong size = newData is not null ? (ulong)newData.Length : s.Size;
            if (n > 0 && hasData)
            {
                if (newData is not null)
                    newData.CopyTo(output, offsets[n]);
                else
                    elf.Data.Slice(s.Offset, s.Size, $"section {s.Name}").CopyTo(output.AsSpan((int)offsets[n]));
            }
            uint link = s.Link;
            uint info = s.Info;
            if (n == 0)
            {
                // Section 0 carries the extended counts.
                size = extendedCount ? (ulong)keptSections.Count : 0;
                link = extendedNames ? (uint)newShstrndx : 0;
            }
            else
            {
                if (s.Type == SHT_LLVM_ADDRSIG)
                    link = 0;
                else if (LinkIsSectionIndex(s) && link != 0)
                    link = Remap(sectionMap, link, module.Source, s);
                if (s.Index == symtab.Index)
                    info = (uint)firstGlobal;
                else if ((s.IsRelocation || (s.Flags & ElfConstants.SHF_INFO_LINK) != 0) && info != 0)
                    info = Remap(sectionMap, info, module.Source, s);
            }
            writer.U32(at + ElfLayout.ShName, s.NameOffset);
            writer.U32(at + ElfLayout.ShType, s.Type);
            writer.Word(at + ElfLayout.ShFlags, s.Flags);
            writer.Word(at + ElfLayout.ShAddr(is64), s.Address);
            writer.Word(at + ElfLayout.ShOffset(is64), n == 0 ? 0 : (ulong)offsets[n]);
            writer.Word(at + ElfLayout.ShSize(is64), size);
            writer.U32(at + ElfLayout.ShLink(is64), link);
            writer.U32(at + ElfLayout.ShInfo(is64), info);
            writer.Word(at + ElfLayout.ShAddralign(is64), s.AddressAlignment);
            writer.Word(at + ElfLayout.ShEntsize(is64), s.EntrySize);
        }

        var removedNames = sections.Where(s => removed[s.Index]).Select(s => s.Name).ToList();
        return new StripResult(output, elf.Data.Length, removedNames, symbols.Count - keptSymbols.Count, module.HasSignatureMarker);
    }

    // binutils -g: STT_FILE and section symbols are "debugging" symbols, kept only when a relocation needs them;
    // symbols defined in removed sections go too. Everything else (statics, __crc_*, globals, undefined) stays.
    private static bool KeepUnused(ElfSymbol symbol, bool[] removedSections)
    {
        if (symbol.Type is ElfConstants.STT_FILE or ElfConstants.STT_SECTION)
            return false;
        uint shndx = symbol.SectionIndex;
        return shndx == 0 || (shndx >= ElfConstants.SHN_LORESERVE && shndx <= 0xffff) || shndx >= removedSections.Length || !removedSections[shndx];
    }

    private static bool LinkIsSectionIndex(ElfSection s) =>
        s.Type is ElfConstants.SHT_SYMTAB or ElfConstants.SHT_REL or ElfConstants.SHT_RELA or ElfConstants.SHT_GROUP
            or ElfConstants.SHT_SYMTAB_SHNDX or 5 /* SHT_HASH */ or 6 /* SHT_DYNAMIC */ or 11 /* SHT_DYNSYM */
        || (s.Flags & SHF_LINK_ORDER) != 0;

    private static uint Remap(int[] map, uint index, string source, ElfSection s)
    {
        if (index >= map.Length || map[index] < 0)
            throw ModuleFormatException.Create(source, (long)s.Offset, $"section {s.Name} refers to section {index}, which is removed or does not exist");
        return (uint)map[index];
    }

    private static uint[] ReadWords(ElfImage elf, ElfSection section)
    {
        var words = new uint[section.Size / 4];
        for (int i = 0; i < words.Length; i++)
            words[i] = elf.Data.U32(section.Offset + ((ulong)i * 4), "group member");
        return words;
    }

    private static byte[] WriteSymbols(ElfImage elf, string source, List<ElfSymbol> symbols, int[] sectionMap, bool withExtended, out uint[]? extended)
    {
        bool is64 = elf.Data.Is64;
        int size = ElfLayout.SymbolSize(is64);
        byte[] data = new byte[symbols.Count * size];
        var buffer = new ElfBuffer(data, is64, elf.Data.BigEndian);
        extended = withExtended ? new uint[symbols.Count] : null;
        for (int i = 0; i < symbols.Count; i++)
        {
            ElfSymbol s = symbols[i];
            long at = (long)i * size;
            uint shndx = s.SectionIndex;
            bool special = shndx >= ElfConstants.SHN_LORESERVE && shndx <= 0xffff && !(withExtended && shndx > 0xffff);
            if (shndx != 0 && !special && shndx < sectionMap.Length)
            {
                if (sectionMap[shndx] < 0)
                    throw ModuleFormatException.Create(source, (long)elf.SymbolTable!.Offset, $"symbol {s.Name} is used by a relocation but defined in removed section {shndx}");
                shndx = (uint)sectionMap[shndx];
            }
            ushort stored = (ushort)shndx;
            if (shndx >= ElfConstants.SHN_LORESERVE && !special)
            {
                stored = ElfConstants.SHN_XINDEX;
                if (extended is null)
                    throw new NotSupportedException("symbol section index needs SHT_SYMTAB_SHNDX, which this module lacks");
                extended[i] = shndx;
            }
            buffer.U32(at + ElfLayout.StName, s.NameOffset);
            buffer.U8(at + ElfLayout.StInfo(is64), s.Info);
            buffer.U8(at + ElfLayout.StOther(is64), s.Other);
            buffer.U16(at + ElfLayout.StShndx(is64), stored);
            buffer.Word(at + ElfLayout.StValue(is64), s.Value);
            buffer.Word(at + ElfLayout.StSize(is64), s.Size);
        }
        return data;
    }

    private static byte[] WriteRelocations(ElfImage elf, ElfSection section, ElfRelocation[] entries, int[] symbolMap)
    {
        bool is64 = elf.Data.Is64;
        bool rela = section.Type == ElfConstants.SHT_RELA;
        int size = rela ? ElfLayout.RelaSize(is64) : ElfLayout.RelSize(is64);
        byte[] data = new byte[entries.Length * size];
        var buffer = new ElfBuffer(data, is64, elf.Data.BigEndian);
        for (int i = 0; i < entries.Length; i++)
        {
            ElfRelocation r = entries[i];
            long at = (long)i * size;
            buffer.Word(at, r.Offset);
            buffer.Word(at + ElfLayout.RInfo(is64), ElfLayout.RelInfo(is64, (uint)symbolMap[r.SymbolIndex], r.Type));
            if (rela)
                buffer.Word(at + ElfLayout.RAddend(is64), is64 ? (ulong)r.Addend : (uint)(int)r.Addend);
        }
        return data;
    }
}
