using NicDoctor.KernelModules.Compression;
using NicDoctor.KernelModules.Stripping;

namespace NicDoctor.KernelModules.Tests;

/// <summary>Our strip-debug against binutils <c>strip -d</c> (and llvm-strip -g for big-endian ELF).</summary>
public sealed class StripTests
{
    [Fact]
    public void DebugModuleStripsLikeBinutils()
    {
        string input = TestArtifacts.HelloModule();
        string dir = TestArtifacts.ScratchDirectory();
        string ours = Path.Join(dir, "ours.ko");
        string theirs = Path.Join(dir, "binutils.ko");
        RealTools.Run("strip", ["-d", "-o", theirs, input]);

        StripResult result = DebugStripper.Strip(ModuleFile.Open(input));
        ModuleWriter.Write(ours, result.Image, ModuleCompression.None);

        Assert.Equal(ReadElf.SectionList(theirs), ReadElf.SectionList(ours));
        Assert.Equal(ReadElf.Symbols(theirs), ReadElf.Symbols(ours));
        Assert.Equal(ReadElf.Relocations(theirs), ReadElf.Relocations(ours));
        Assert.Contains(".debug_info", result.RemovedSections);
        Assert.False(result.SignatureRemoved);
        // "Much smaller": the debug build is dominated by DWARF.
        Assert.True(new FileInfo(ours).Length * 5 < new FileInfo(input).Length, $"{new FileInfo(ours).Length} vs {new FileInfo(input).Length}");
        // The loader-relevant parts read back the same through kmod.
        Assert.Equal(RealTools.Run("modinfo", [theirs]).Replace(theirs, "X", StringComparison.Ordinal), RealTools.Run("modinfo", [ours]).Replace(ours, "X", StringComparison.Ordinal));
        Assert.Equal(RealTools.Run("modprobe", ["--dump-modversions", theirs]), RealTools.Run("modprobe", ["--dump-modversions", ours]));
    }

    [Theory]
    [InlineData("i40e")]
    [InlineData("dummy")]
    public void SignedDebianModuleLosesSignatureOnly(string name)
    {
        string input = DebianKernel.Module(name);
        string dir = TestArtifacts.ScratchDirectory();
        string ours = Path.Join(dir, "ours.ko");
        string theirs = Path.Join(dir, "binutils.ko");
        RealTools.Run("strip", ["-d", "-o", theirs, input]);

        StripResult result = DebugStripper.Strip(ModuleFile.Open(input));
        ModuleWriter.Write(ours, result.Image, ModuleCompression.None);

        Assert.True(result.SignatureRemoved);
        Assert.Equal(ReadElf.SectionList(theirs), ReadElf.SectionList(ours));
        Assert.Equal(ReadElf.Symbols(theirs), ReadElf.Symbols(ours));
        Assert.Equal(ReadElf.Relocations(theirs), ReadElf.Relocations(ours));
        string theirInfo = RealTools.Run("modinfo", [theirs]);
        Assert.DoesNotContain("sig_id", theirInfo, StringComparison.Ordinal);
        Assert.Equal(theirInfo.Replace(theirs, "X", StringComparison.Ordinal), RealTools.Run("modinfo", [ours]).Replace(ours, "X", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("xz", ModuleCompression.Xz)]
    [InlineData("zstd", ModuleCompression.Zstd)]
    [InlineData("gzip", ModuleCompression.Gzip)]
    public void CompressedInputGivesSameCompressionOut(string compressor, ModuleCompression kind)
    {
        string dir = TestArtifacts.ScratchDirectory();
        string input = Path.Join(dir, "nd_hello.ko");
        File.Copy(TestArtifacts.HelloModule(), input);
        RealTools.Run(compressor, ["-q", "-k", input]);
        string compressed = input + (kind switch { ModuleCompression.Xz => ".xz", ModuleCompression.Zstd => ".zst", _ => ".gz" });
        File.Delete(input);

        ModuleFile module = ModuleFile.Open(compressed);
        Assert.Equal(kind, module.Compression);
        StripResult result = DebugStripper.Strip(module);
        string output = Path.Join(dir, "out" + Path.GetExtension(compressed));
        ModuleWriter.Write(output, result.Image, module.Compression);

        // The real decompressor must get our stripped image back.
        byte[] roundTrip = RealTools.RunBytes(compressor, ["-d", "-c", output]);
        Assert.Equal(result.Image, roundTrip);
        Assert.Equal(kind, ModuleFile.Open(output).Compression);
    }

    [Theory]
    [InlineData("i386-linux-gnu")]
    public void Elf32StripsLikeBinutils(string target)
    {
        string input = TestArtifacts.CrossObject(target);
        string dir = TestArtifacts.ScratchDirectory();
        string ours = Path.Join(dir, "ours.o");
        string theirs = Path.Join(dir, "binutils.o");
        RealTools.Run("strip", ["-d", "-o", theirs, input]);
        ModuleWriter.Write(ours, DebugStripper.Strip(ModuleFile.Open(input)).Image, ModuleCompression.None);
        // clang shares one .strtab for section and symbol names; binutils splits off a .shstrtab and
        // moves the tables last. The set of the other sections is what must agree.
        Assert.Equal(ReadElf.SectionList(theirs).Where(s => s != ".shstrtab STRTAB").Order(), ReadElf.SectionList(ours).Order());
        Assert.Equal(ReadElf.SymbolsWithoutSectionIndex(theirs), ReadElf.SymbolsWithoutSectionIndex(ours));
        Assert.Equal(ReadElf.Relocations(theirs), ReadElf.Relocations(ours));
    }

    [Theory]
    [InlineData("powerpc-linux-gnu")]
    [InlineData("s390x-linux-gnu")]
    [InlineData("aarch64-linux-gnu")]
    public void BigEndianAndOtherArchesKeepSectionsAndRelocations(string target)
    {
        // GNU strip here only knows x86; llvm-strip -g decides the section list, readelf the relocations.
        string input = TestArtifacts.CrossObject(target);
        string dir = TestArtifacts.ScratchDirectory();
        string ours = Path.Join(dir, "ours.o");
        string theirs = Path.Join(dir, "llvm.o");
        RealTools.Run("llvm-strip", ["-g", "-o", theirs, input]);
        ModuleWriter.Write(ours, DebugStripper.Strip(ModuleFile.Open(input)).Image, ModuleCompression.None);
        Assert.Equal(ReadElf.SectionList(theirs).Order(), ReadElf.SectionList(ours).Order());
        // llvm-strip -g keeps STT_FILE symbols, so indices differ: compare by symbol name.
        Assert.Equal(ReadElf.RelocationsBySymbolName(theirs), ReadElf.RelocationsBySymbolName(ours));
        Assert.Contains("imported", ReadElf.Relocations(ours), StringComparison.Ordinal);
    }
}
