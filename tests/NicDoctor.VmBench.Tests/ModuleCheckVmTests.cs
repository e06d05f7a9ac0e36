using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NicDoctor.KernelModules;
using NicDoctor.KernelModules.Elf;
using NicDoctor.KernelModules.Loading;
using NicDoctor.KernelModules.Stripping;

namespace NicDoctor.VmBench.Tests;

/// <summary>
/// Issue #5's acceptance for <c>module check</c>: every verdict class the predictor claims, made
/// from Debian's real <c>e1000e.ko</c>, then <c>insmod</c>ed by the real 6.1 kernel in QEMU. The
/// kernel is the oracle: its exit code and its loader messages (dmesg lines at level notice or
/// more severe) must be exactly the predicted ones. All variants share one boot (two with
/// <c>module.sig_enforce=1</c>).
/// </summary>
[Trait("Category", "vm")]
public sealed partial class ModuleCheckVmTests
{
    private const string Module = "e1000e";

    // pr_notice_once() in load_module() (kernel/module/main.c, 6.1): printed for the first unsigned module of a boot only.
    private const string UnsignedNotice = "module verification failed: signature and/or required key missing - tainting kernel";

    // KERN_NOTICE: every loader message of 6.1 is pr_err/pr_warn/pr_notice; driver banners are pr_info.
    private const int NoticeLevel = 5;

    [Fact]
    public void Kernel_confirms_every_prediction_for_variants_of_the_real_e1000e()
    {
        var kernel = Bench.Kernel;
        using var scratch = new ScratchDirectory();
        var variants = MakeVariants(kernel, scratch);
        var target = Target(kernel, enforce: false);
        var predictions = variants.ToDictionary(v => v.Tag, v => Predict(v.Path, target));

        // The predictor's claims this test is about (a regression in them is a failure here, not a skip).
        Assert.True(predictions["shipped"].Loads);
        Assert.False(predictions["stripped"].Loads);
        Assert.False(predictions["vermagic"].Loads);
        Assert.False(predictions["preempt"].Loads);
        Assert.True(predictions["other-release"].Loads);
        Assert.False(predictions["crc"].Loads);
        Assert.False(predictions["layout-crc"].Loads);
        Assert.False(predictions["unknown"].Loads);

        var result = BootAndInsmod(kernel, scratch, variants, append: "");

        var shownThisBoot = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in variants)
            AssertKernelAgrees(result, v.Tag, predictions[v.Tag], shownThisBoot);
    }

    [Fact]
    public void Kernel_with_sig_enforce_refuses_unsigned_modules_as_predicted()
    {
        var kernel = Bench.Kernel;
        using var scratch = new ScratchDirectory();
        var variants = MakeVariants(kernel, scratch).Where(v => v.Tag is "shipped" or "unsigned" or "debug-stripped").ToList();
        var target = Target(kernel, enforce: true);
        var predictions = variants.ToDictionary(v => v.Tag, v => Predict(v.Path, target));
        Assert.True(predictions["shipped"].Loads);
        Assert.Equal(["Loading of unsigned module is rejected"], KernelMessages(predictions["unsigned"]));
        Assert.Equal(["Loading of unsigned module is rejected"], KernelMessages(predictions["debug-stripped"]));

        var result = BootAndInsmod(kernel, scratch, variants, append: "module.sig_enforce=1");

        var shownThisBoot = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in variants)
            AssertKernelAgrees(result, v.Tag, predictions[v.Tag], shownThisBoot);
        // insmod's own words for -EKEYREJECTED.
        Assert.Contains("Key was rejected by service", result.Marker("unsigned_insmod"), StringComparison.Ordinal);
    }

    /// <summary>
    /// The predictor speaks for one load on a freshly booted kernel. Here several loads share a
    /// boot, and busybox insmod retries a failed finit_module() with init_module(), so the kernel
    /// runs load_module() twice for every refused variant: the expected lines are the predicted
    /// ones once per attempt, minus the messages the kernel prints only once per boot.
    /// </summary>
    private static void AssertKernelAgrees(VmBootResult result, string tag, LoadPrediction prediction, HashSet<string> shownThisBoot)
    {
        string rc = result.Marker($"{tag}_rc") ?? throw new Xunit.Sdk.XunitException($"no insmod result for {tag}");
        var actual = result.MarkerValues($"{tag}_dmesg").Select(ParseRawDmesg).Where(m => m.Level <= NoticeLevel).Select(m => m.Text).ToList();
        int attempts = rc == "0" ? 1 : 2;
        var expected = new List<string>();
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            foreach (string message in KernelMessages(prediction))
            {
                if (OncePerBoot(message) is { } key && !shownThisBoot.Add(key))
                    continue;
                expected.Add(message);
            }
        }
        string context = $"variant {tag}: insmod said '{result.Marker($"{tag}_insmod")}'; predicted [{string.Join(" | ", prediction.Findings.Select(f => $"{f.Effect}: {f.KernelMessage}"))}]";
        Assert.True(prediction.Loads == (rc == "0"), $"{context}; insmod exit code {rc}");
        Assert.True(expected.SequenceEqual(actual, StringComparer.Ordinal),
            $"{context}\nexpected kernel lines:\n  {string.Join("\n  ", expected)}\nactual:\n  {string.Join("\n  ", actual)}");
    }

    /// <summary>
    /// Messages 6.1 prints only while a taint flag is still clear or via printk_once (kernel/module/main.c,
    /// version.c, kernel/panic.c); returns the flag or name they are guarded by.
    /// </summary>
    private static string? OncePerBoot(string message) => message switch
    {
        _ when message.EndsWith(UnsignedNotice, StringComparison.Ordinal) => "pr_notice_once unsigned",
        _ when message.EndsWith(": loading out-of-tree module taints kernel.", StringComparison.Ordinal) => "taint O",
        _ when message.EndsWith(": kernel tainted.", StringComparison.Ordinal) => "taint F",
        _ when message.Contains(": module license '", StringComparison.Ordinal) => "taint P",
        _ when message.Contains(": no symbol version for ", StringComparison.Ordinal) => "pr_warn_once no version",
        "Disabling lock debugging due to kernel taint" => "debug_locks_off",
        _ => null,
    };

    private static VmBootResult BootAndInsmod(DebianKernel kernel, ScratchDirectory scratch, IReadOnlyList<Variant> variants, string append)
    {
        var guest = new GuestInitramfs();
        foreach (var v in variants)
            guest.Files.AddFile($"/variants/{v.Tag}/{Module}.ko", v.Path);
        // Each variant: clear the ring buffer, insmod, report exit code, insmod's words and the raw
        // dmesg lines (<level>[time] text); unload what loaded so the next one is not -EEXIST.
        guest.WriteCpio(scratch.File("guest.cpio"), $$"""
            dmesg -c > /dev/null
            for v in {{string.Join(' ', variants.Select(v => v.Tag))}}; do
              out=$(insmod /variants/$v/{{Module}}.ko 2>&1); rc=$?
              ndtest ${v}_rc=$rc; ndtest ${v}_insmod=$out
              dmesg -r -c | while read -r line; do ndtest ${v}_dmesg=$line; done
              [ $rc = 0 ] && rmmod {{Module}}
              dmesg -c > /dev/null
            done
            ndtest done
            """);
        // no_timer_check: on a loaded host, TCG's timer can look broken to the kernel's IO-APIC check, which then panics.
        return Bench.Boot(new VmBootRequest(kernel, scratch.File("guest.cpio")) { Append = ("no_timer_check " + append).Trim(), Timeout = TimeSpan.FromSeconds(180) })
            .EnsureDone();
    }

    private static KernelTarget Target(DebianKernel kernel, bool enforce)
    {
        // linux-headers-KVER (.ci/apt-packages.txt) carries Module.symvers: the CRCs of vmlinux's exports.
        string symvers = Path.Join("/usr/src", $"linux-headers-{kernel.Release}", "Module.symvers");
        Assert.True(File.Exists(symvers), $"{symvers} missing: install linux-headers-{kernel.Release}");
        return KernelTarget.FromModuleDirectory(new ModuleDirectory(kernel.ModulesDirectory), symvers, null, Module, enforce);
    }

    private static LoadPrediction Predict(string path, KernelTarget target)
    {
        using var module = ModuleFile.Open(path);
        return LoadPredictor.Predict(module, target);
    }

    private static List<string> KernelMessages(LoadPrediction p) =>
        [.. p.Findings.Where(f => f.KernelMessage.Length > 0 && !f.KernelMessage.StartsWith("(no message)", StringComparison.Ordinal)).Select(f => f.KernelMessage)];

    private static (int Level, string Text) ParseRawDmesg(string line)
    {
        var m = RawDmesgLine().Match(line);
        Assert.True(m.Success, $"not a raw dmesg line: '{line}'");
        // The prefix is facility*8+level; kernel messages have facility 0.
        return (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) & 7, m.Groups[2].Value);
    }

    [GeneratedRegex(@"^<(\d+)>\[\s*\d+\.\d+\] (.*)$")]
    private static partial Regex RawDmesgLine();

    private sealed record Variant(string Tag, string Path);

    /// <summary>
    /// The variants, each made from the shipped module. Edits are made in place on the unsigned
    /// ELF image (the signature would otherwise fail first, with -EKEYREJECTED).
    /// </summary>
    private static List<Variant> MakeVariants(DebianKernel kernel, ScratchDirectory scratch)
    {
        string shipped = Path.Combine(kernel.ModulesDirectory, ModulesDep.Load(kernel).LoadOrder(Module)[^1]);
        string release = kernel.Release;
        string otherRelease = OtherRelease(release);
        byte[] unsigned;
        using (var module = ModuleFile.Open(shipped))
        {
            Assert.NotNull(module.SignatureTrailer);
            unsigned = module.Contents.Span[..(int)module.SignatureTrailer.PayloadOffset].ToArray();
        }
        var variants = new List<Variant>();
        string Write(string tag, byte[] bytes)
        {
            string dir = scratch.File(tag);
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, Module + ".ko");
            File.WriteAllBytes(path, bytes);
            variants.Add(new Variant(tag, path));
            return path;
        }
        byte[] Edit(Action<byte[], ModuleFile> edit)
        {
            byte[] copy = (byte[])unsigned.Clone();
            using var module = ModuleFile.Read(new MemoryStream(unsigned), "unsigned " + Module);
            edit(copy, module);
            return copy;
        }

        Write("shipped", File.ReadAllBytes(shipped));
        string unsignedPath = Write("unsigned", unsigned);
        using (var module = ModuleFile.Open(unsignedPath))
            Write("debug-stripped", DebugStripper.Strip(module).Image);

        // Plain binutils strip: the seed's mistake.
        string stripped = scratch.File("stripped.ko");
        ExternalTool.Run("strip", ["-o", stripped, shipped]);
        Assert.DoesNotContain(".symtab", ExternalTool.Run("readelf", ["-S", "-W", stripped]).Stdout, StringComparison.Ordinal);
        Write("stripped", File.ReadAllBytes(stripped));

        // Built for another release, with __versions: same_magic() skips the release, so it loads.
        Write("other-release", Edit((b, _) => Replace(b, "vermagic=" + release + " ", "vermagic=" + otherRelease + " ")));
        // Another release without __versions (SHF_ALLOC cleared, so find_sec() does not see it): the whole string counts.
        Write("vermagic", Edit((b, m) =>
        {
            Replace(b, "vermagic=" + release + " ", "vermagic=" + otherRelease + " ");
            ClearAlloc(b, m, "__versions");
        }));
        // Built for a kernel without CONFIG_PREEMPT (vermagic lacks "preempt "); the string is shortened, NUL-padded.
        Write("preempt", Edit((b, _) => Replace(b, "SMP preempt mod_unload modversions ", "SMP mod_unload modversions \0\0\0\0\0\0\0\0")));
        // One imported symbol's CRC changed in __versions, then module_layout's.
        Write("crc", Edit((b, m) => FlipCrc(b, m, "free_irq")));
        Write("layout-crc", Edit((b, m) => FlipCrc(b, m, "module_layout")));
        // An import renamed in .strtab: nothing exports it.
        string? renamed = null;
        Write("unknown", Edit((b, m) => renamed = RenameAnImport(b, m)));
        Assert.DoesNotContain("\t" + renamed! + "\t", File.ReadAllText(Path.Join("/usr/src", $"linux-headers-{release}", "Module.symvers")), StringComparison.Ordinal);
        return variants;
    }

    private static string OtherRelease(string release) => release.Length == "6.1.0-56-amd64".Length
        ? release[..6] + "99" + release[8..]
        : throw new InvalidOperationException($"test assumes a Debian 6.1.0-NN-amd64 release, not {release}");

    private static void Replace(byte[] bytes, string from, string to)
    {
        byte[] a = Encoding.ASCII.GetBytes(from), b = Encoding.ASCII.GetBytes(to);
        Assert.Equal(a.Length, b.Length);
        int at = bytes.AsSpan().IndexOf(a);
        Assert.True(at >= 0, $"'{from}' not found");
        b.CopyTo(bytes, at);
    }

    // struct modversion_info on 64-bit: an 8-byte CRC, then the name, 64 bytes per entry.
    private static void FlipCrc(byte[] bytes, ModuleFile module, string symbol)
    {
        var versions = module.Elf.FindSection("__versions")!;
        int index = module.ReadVersions().ToList().FindIndex(v => v.Symbol == symbol);
        Assert.True(index >= 0, $"{symbol} not in __versions");
        bytes[(int)versions.Offset + (index * 64)] ^= 0xff;
    }

    private static void ClearAlloc(byte[] bytes, ModuleFile module, string section)
    {
        var header = module.Elf.Header;
        int flags = (int)header.SectionHeaderOffset + (module.Elf.FindSection(section)!.Index * header.SectionHeaderEntrySize) + 8;
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(flags));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(flags), value & ~2UL);
    }

    /// <summary>Renames the first import whose name shares no bytes with another symbol's (ld merges string tails); returns the new name.</summary>
    private static string RenameAnImport(byte[] bytes, ModuleFile module)
    {
        var symtab = module.Elf.SymbolTable!;
        var strtab = module.Elf.Sections[(int)symtab.Link];
        var symbols = module.Elf.ReadSymbols(symtab);
        var versioned = module.ReadVersions().Select(v => v.Symbol).ToHashSet(StringComparer.Ordinal);
        bool Shared(ElfSymbol a) => symbols.Any(b => b.Index != a.Index && b.Name.Length > 0
            && b.NameOffset <= a.NameOffset + (uint)a.Name.Length && a.NameOffset <= b.NameOffset + (uint)b.Name.Length);
        var symbol = module.ReadImports().First(s => versioned.Contains(s.Name) && !Shared(s));
        string renamed = symbol.Name[..^1] + "X";
        Encoding.ASCII.GetBytes(renamed).CopyTo(bytes, (int)(strtab.Offset + symbol.NameOffset));
        return renamed;
    }
}
