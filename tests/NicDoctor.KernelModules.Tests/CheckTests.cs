using System.Buffers.Binary;
using System.Text;
using NicDoctor.KernelModules.Loading;

namespace NicDoctor.KernelModules.Tests;

/// <summary>
/// <c>check</c> on the debug module built for the installed Debian kernel and on copies broken
/// the way the issue lists. Expected lines are the kernel's format strings (kernel/module/main.c,
/// version.c, signing.c of 6.1) filled in by hand; byte offsets come from readelf.
/// </summary>
public sealed class CheckTests
{
    private const string OutOfTree = "nd_hello: loading out-of-tree module taints kernel.";
    private const string Unsigned = "nd_hello: module verification failed: signature and/or required key missing - tainting kernel";

    private static KernelTarget Target(bool enforce = false) =>
        KernelTarget.FromModuleDirectory(new ModuleDirectory(DebianKernel.ModulesDir), SymversPath(), null, "nd_hello", enforce);

    // linux-headers-KVER ships the kernel's Module.symvers.
    private static string SymversPath() => Path.Join("/usr/src", $"linux-headers-{DebianKernel.Release}", "Module.symvers");

    private static LoadPrediction Predict(string file, bool enforce = false) => LoadPredictor.Predict(ModuleFile.Open(file), Target(enforce));

    private static string[] Messages(LoadPrediction p) => [.. p.Findings.Where(f => f.KernelMessage.Length > 0).Select(f => f.KernelMessage)];

    [Fact]
    public void GoodModuleLoadsWithTaints()
    {
        LoadPrediction p = Predict(TestArtifacts.HelloModule());
        Assert.True(p.Loads);
        Assert.Equal([OutOfTree, Unsigned], Messages(p));
    }

    [Fact]
    public void ModuleStrippedByOurStripStillLoads()
    {
        string dir = TestArtifacts.ScratchDirectory();
        string stripped = Path.Join(dir, "nd_hello.ko");
        var result = Stripping.DebugStripper.Strip(ModuleFile.Open(TestArtifacts.HelloModule()));
        ModuleWriter.Write(stripped, result.Image, Compression.ModuleCompression.None);
        LoadPrediction p = Predict(stripped);
        Assert.True(p.Loads);
        Assert.Equal([OutOfTree, Unsigned], Messages(p));
    }

    [Fact]
    public void PlainStripIsRefusedLikeTheKernel()
    {
        string dir = TestArtifacts.ScratchDirectory();
        string stripped = Path.Join(dir, "nd_hello.ko");
        RealTools.Run("strip", ["-o", stripped, TestArtifacts.HelloModule()]);
        LoadPrediction p = Predict(stripped);
        Assert.False(p.Loads);
        Assert.Equal(["nd_hello: module has no symbols (stripped?)"], Messages(p));
    }

    [Fact]
    public void OtherReleaseWithModversionsPassesVermagic()
    {
        // same_magic() skips the release when the module has __versions.
        string file = CopyWithPatch("6.1.0-99", (bytes, _) => Replace(bytes, "vermagic=" + DebianKernel.Release, "vermagic=" + OtherRelease()));
        LoadPrediction p = Predict(file);
        Assert.True(p.Loads);
        Assert.Equal([OutOfTree, Unsigned], Messages(p));
    }

    [Fact]
    public void OtherReleaseWithoutVersionsIsRefused()
    {
        string file = CopyWithPatch("noversions", (bytes, path) =>
        {
            Replace(bytes, "vermagic=" + DebianKernel.Release, "vermagic=" + OtherRelease());
            ClearAllocFlag(bytes, path, "__versions");
        });
        string vermagic = RealTools.Run("modinfo", ["-F", "vermagic", TestArtifacts.HelloModule()]).TrimEnd('\n');
        LoadPrediction p = Predict(file);
        Assert.False(p.Loads);
        Assert.Equal(
        [
            "nd_hello: module_layout: kernel tainted.",
            "Disabling lock debugging due to kernel taint",
            $"nd_hello: version magic '{vermagic.Replace(DebianKernel.Release, OtherRelease(), StringComparison.Ordinal)}' should be '{vermagic}'",
        ], Messages(p));
    }

    [Fact]
    public void ChangedSymbolCrcIsRefused()
    {
        string file = CopyWithPatch("crc", (bytes, path) => FlipCrc(bytes, path, "_printk"));
        LoadPrediction p = Predict(file);
        Assert.False(p.Loads);
        Assert.Equal([OutOfTree, Unsigned, "nd_hello: disagrees about version of symbol _printk", "nd_hello: Unknown symbol _printk (err -22)"], Messages(p));
    }

    [Fact]
    public void ChangedModuleLayoutCrcIsRefusedEarly()
    {
        string file = CopyWithPatch("layout", (bytes, path) => FlipCrc(bytes, path, "module_layout"));
        LoadPrediction p = Predict(file);
        Assert.False(p.Loads);
        Assert.Equal(["nd_hello: disagrees about version of symbol module_layout"], Messages(p));
    }

    [Fact]
    public void UnknownSymbolIsRefused()
    {
        string file = CopyWithPatch("unknown", (bytes, path) =>
        {
            var strtab = ReadElf.Sections(path).Single(s => s.Name == ".strtab");
            int at = IndexOf(bytes, "\0kfree\0"u8.ToArray(), (int)strtab.Offset, (int)strtab.Size);
            bytes[at + 5] = (byte)'X';
        });
        LoadPrediction p = Predict(file);
        Assert.False(p.Loads);
        Assert.Equal([OutOfTree, Unsigned, "nd_hello: Unknown symbol kfreX (err -2)"], Messages(p));
    }

    [Fact]
    public void EnforcedSignaturesRefuseUnsignedModule()
    {
        LoadPrediction p = Predict(TestArtifacts.HelloModule(), enforce: true);
        Assert.False(p.Loads);
        Assert.Equal(["Loading of unsigned module is rejected"], Messages(p));
    }

    [Theory]
    [InlineData("i40e")]
    [InlineData("ext4")]
    [InlineData("dummy")]
    public void DebianModulesLoadOnTheirKernel(string name)
    {
        LoadPrediction p = Predict(DebianKernel.Module(name));
        Assert.True(p.Loads, string.Join('\n', Messages(p)));
        Assert.Empty(Messages(p));
    }

    [Theory]
    [InlineData("6.1.0-56-amd64 SMP preempt mod_unload modversions ", "6.1.0-99-amd64 SMP preempt mod_unload modversions ", true, true)]
    [InlineData("6.1.0-56-amd64 SMP preempt mod_unload modversions ", "6.1.0-99-amd64 SMP preempt mod_unload modversions ", false, false)]
    [InlineData("6.1.0-56-amd64 SMP mod_unload modversions ", "6.1.0-56-amd64 SMP preempt mod_unload modversions ", true, false)]
    [InlineData("6.1.0-56-amd64 SMP preempt mod_unload modversions", "6.1.0-56-amd64 SMP preempt mod_unload modversions ", true, false)]
    public void SameMagicFollowsTheKernel(string module, string kernel, bool hasCrcs, bool same) =>
        Assert.Equal(same, LoadPredictor.SameMagic(module, kernel, hasCrcs));

    private static string OtherRelease() => DebianKernel.Release.Length == "6.1.0-56-amd64".Length
        ? DebianKernel.Release[..6] + "99" + DebianKernel.Release[8..]
        : throw new InvalidOperationException("test assumes a Debian 6.1.0-NN-amd64 release");

    private static string CopyWithPatch(string tag, Action<byte[], string> patch)
    {
        string source = TestArtifacts.HelloModule();
        string dir = TestArtifacts.ScratchDirectory();
        string file = Path.Join(dir, $"nd_hello-{tag}.ko");
        byte[] bytes = File.ReadAllBytes(source);
        patch(bytes, source);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    private static void Replace(byte[] bytes, string from, string to)
    {
        byte[] a = Encoding.ASCII.GetBytes(from), b = Encoding.ASCII.GetBytes(to);
        Assert.Equal(a.Length, b.Length);
        int at = IndexOf(bytes, a, 0, bytes.Length);
        b.CopyTo(bytes, at);
    }

    // Flips the low byte of the CRC in the __versions entry (64 bytes: 8-byte CRC, then the name).
    private static void FlipCrc(byte[] bytes, string path, string symbol)
    {
        var versions = ReadElf.Sections(path).Single(s => s.Name == "__versions");
        int at = IndexOf(bytes, Encoding.ASCII.GetBytes(symbol + "\0"), (int)versions.Offset, (int)versions.Size);
        Assert.Equal(0, (at - (int)versions.Offset) % 64 - 8);
        string dump = RealTools.Run("modprobe", ["--dump-modversions", path]);
        Assert.Contains($"\t{symbol}\n", dump, StringComparison.Ordinal);
        bytes[at - 8] ^= 0xff;
    }

    private static void ClearAllocFlag(byte[] bytes, string path, string section)
    {
        string header = RealTools.Run("readelf", ["-hW", path]);
        long shoff = long.Parse(header.Split('\n').Single(l => l.Contains("Start of section headers", StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        int index = ReadElf.Sections(path).FindIndex(s => s.Name == section) + 1;
        int flags = (int)shoff + (index * 64) + 8;
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(flags));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(flags), value & ~2UL);
    }

    private static int IndexOf(byte[] bytes, byte[] needle, int start, int length)
    {
        int at = bytes.AsSpan(start, length).IndexOf(needle);
        Assert.True(at >= 0, $"'{Encoding.ASCII.GetString(needle)}' not found");
        return start + at;
    }
}
