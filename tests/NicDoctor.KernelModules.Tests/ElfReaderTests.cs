using NicDoctor.KernelModules.Elf;

namespace NicDoctor.KernelModules.Tests;

/// <summary>The ELF reader against GNU readelf on real modules and on clang objects for four ABIs.</summary>
public sealed class ElfReaderTests
{
    public static TheoryData<string> CrossTargets => ["x86_64-linux-gnu", "i386-linux-gnu", "powerpc-linux-gnu", "s390x-linux-gnu", "aarch64-linux-gnu"];

    [Theory]
    [MemberData(nameof(CrossTargets))]
    public void SectionsSymbolsAndRelocationsMatchReadelf(string target)
    {
        string file = TestArtifacts.CrossObject(target);
        AssertMatchesReadelf(file);
    }

    [Theory]
    [InlineData("i40e")]
    [InlineData("dummy")]
    [InlineData("ext4")]
    public void DebianModulesMatchReadelf(string name) => AssertMatchesReadelf(DebianKernel.Module(name));

    [Theory]
    [InlineData("i386-linux-gnu", ElfClass.Elf32, false)]
    [InlineData("powerpc-linux-gnu", ElfClass.Elf32, true)]
    [InlineData("s390x-linux-gnu", ElfClass.Elf64, true)]
    [InlineData("x86_64-linux-gnu", ElfClass.Elf64, false)]
    public void ClassAndByteOrderAreDecoded(string target, ElfClass expectedClass, bool bigEndian)
    {
        ModuleFile module = ModuleFile.Open(TestArtifacts.CrossObject(target));
        Assert.Equal(expectedClass, module.Elf.Header.Class);
        Assert.Equal(bigEndian, module.Elf.Header.BigEndian);
        // Symbol names from `clang -c` of sample.c (independent knowledge of the source).
        var names = module.Elf.ReadSymbols(module.Elf.SymbolTable!).Select(s => s.Name).ToHashSet();
        Assert.Contains("exported", names);
        Assert.Contains("imported", names);
        Assert.Contains("counter", names);
    }

    private static void AssertMatchesReadelf(string file)
    {
        ModuleFile module = ModuleFile.Open(file);
        var expected = ReadElf.Sections(file);
        var actual = module.Elf.Sections.Skip(1).Select(s => (s.Name, s.Offset, s.Size)).ToList();
        Assert.Equal(expected.Select(s => (s.Name, s.Offset, s.Size)), actual);

        ElfSection symtab = module.Elf.SymbolTable!;
        var symbols = module.Elf.ReadSymbols(symtab);
        var readelfSymbols = ReadElf.Symbols(file);
        Assert.Equal(readelfSymbols.Count, symbols.Count);
        // readelf prints the name last; section symbols it names after the section, so compare non-section names only.
        for (int i = 0; i < symbols.Count; i++)
        {
            if (symbols[i].Type is ElfConstants.STT_SECTION || symbols[i].Name.Length == 0)
                continue;
            Assert.EndsWith(" " + symbols[i].Name, readelfSymbols[i], StringComparison.Ordinal);
        }

        string relocations = RealTools.Run("readelf", ["-rW", file]);
        foreach (ElfSection section in module.Elf.Sections.Where(s => s.IsRelocation))
        {
            string header = $"Relocation section '{section.Name}' at offset 0x{section.Offset:x} contains {module.Elf.ReadRelocations(section).Length} entr";
            Assert.Contains(header, relocations, StringComparison.Ordinal);
        }
    }
}
