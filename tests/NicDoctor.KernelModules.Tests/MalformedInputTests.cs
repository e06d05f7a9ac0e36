using NicDoctor.KernelModules.Elf;

namespace NicDoctor.KernelModules.Tests;

/// <summary>Broken inputs give one clear InvalidDataException naming the file and the offset.</summary>
public sealed class MalformedInputTests
{
    [Fact]
    public void TextFileIsNotElf()
    {
        var e = Assert.Throws<InvalidDataException>(() => ModuleFile.Read(new MemoryStream("hello world, not a module"u8.ToArray()), "x.ko"));
        Assert.Equal("x.ko: offset 0x0: not an ELF file: magic 68656C6C, expected 7F454C46", e.Message);
    }

    [Fact]
    public void TruncatedModuleNamesOffset()
    {
        byte[] bytes = File.ReadAllBytes(DebianKernel.Module("dummy"));
        var e = Assert.Throws<InvalidDataException>(() => ModuleFile.Read(new MemoryStream(bytes[..4096]), "dummy.ko"));
        Assert.StartsWith("dummy.ko: offset 0x", e.Message, StringComparison.Ordinal);
        Assert.Contains("runs past the end of the file (0x1000 bytes)", e.Message, StringComparison.Ordinal);
        Assert.Equal("dummy.ko", e.Data["FileName"]);
    }

    [Fact]
    public void CorruptXzIsAFormatError()
    {
        byte[] bytes = [0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0, 1, 2, 3, 4, 5, 6, 7, 8];
        var e = Assert.Throws<InvalidDataException>(() => ModuleFile.Read(new MemoryStream(bytes), "bad.ko.xz"));
        Assert.StartsWith("bad.ko.xz: offset 0x0: xz data does not decompress", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecutableIsNotAModule()
    {
        var e = Assert.Throws<InvalidDataException>(() => ModuleFile.Open("/bin/true"));
        Assert.Equal("/bin/true: offset 0x10: ELF type 3 is not ET_REL (1): not a kernel module", e.Message);
    }

    [Fact]
    public void SectionTableOutsideFile()
    {
        byte[] bytes = File.ReadAllBytes(DebianKernel.Module("dummy"));
        // e_shoff (ELF64 offset 40) pointing far past the end.
        BitConverter.GetBytes((ulong)bytes.Length * 4).CopyTo(bytes, 40);
        var e = Assert.Throws<InvalidDataException>(() => ElfImage.Read(bytes, "dummy.ko"));
        Assert.Contains("section header table", e.Message, StringComparison.Ordinal);
    }
}
