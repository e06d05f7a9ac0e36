using FsCheck;
using FsCheck.Fluent;
using NicDoctor.KernelModules.Stripping;

namespace NicDoctor.KernelModules.Tests;

/// <summary>
/// Damaged modules (random byte edits and truncations of a real signed module) must either read
/// or fail with InvalidDataException — never another exception, never a hang — through every
/// reader and the stripper.
/// </summary>
public sealed class ElfReaderPropertyTests
{
    private static readonly Lazy<byte[]> Original = new(() => File.ReadAllBytes(DebianKernel.Module("dummy")));

    [FsCheck.Xunit.Property(MaxTest = 400)]
    public Property RandomEditsGiveDataOrFormatError()
    {
        Gen<(int Position, byte Value)> edit = Gen.Zip(Gen.Choose(0, Original.Value.Length - 1), Gen.Choose(0, 255).Select(v => (byte)v));
        Gen<(int Position, byte Value)[]> edits = Gen.Choose(1, 16).SelectMany(n => Gen.ArrayOf(edit, n));
        return Prop.ForAll(edits.ToArbitrary(), e =>
        {
            byte[] bytes = (byte[])Original.Value.Clone();
            foreach ((int position, byte value) in e)
                bytes[position] = value;
            return ReadsOrRejects(bytes);
        });
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property HeaderEditsGiveDataOrFormatError()
    {
        // Edits focused on the ELF header and the section header table, where the pointers are.
        byte[] original = Original.Value;
        long shoff = BitConverter.ToInt64(original, 40);
        Gen<int> position = Gen.OneOf(Gen.Choose(0, 63), Gen.Choose((int)shoff, original.Length - 1));
        Gen<(int, byte)> edit = Gen.Zip(position, Gen.Choose(0, 255).Select(v => (byte)v));
        Gen<(int, byte)[]> edits = Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(edit, n));
        return Prop.ForAll(edits.ToArbitrary(), e =>
        {
            byte[] bytes = (byte[])original.Clone();
            foreach ((int p, byte v) in e)
                bytes[p] = v;
            return ReadsOrRejects(bytes);
        });
    }

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public Property TruncationsGiveDataOrFormatError()
    {
        return Prop.ForAll(Gen.Choose(0, Original.Value.Length).ToArbitrary(), length => ReadsOrRejects(Original.Value[..length]));
    }

    private static bool ReadsOrRejects(byte[] bytes)
    {
        try
        {
            ModuleFile module = ModuleFile.Read(new MemoryStream(bytes), "fuzz.ko");
            ModinfoText.Write(TextWriter.Null, ModuleInfo.FromModule(module, "fuzz.ko"));
            _ = module.ReadVersions();
            _ = module.ReadExports();
            _ = module.ReadImports();
            _ = DebugStripper.Strip(module);
            return true;
        }
        catch (InvalidDataException)
        {
            return true;
        }
    }
}
