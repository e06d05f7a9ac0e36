using System.Diagnostics;
using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Rules;

namespace NicDoctor.Diagnosis.Tests;

/// <summary>
/// The module check inside diagnose, on a --root tree built from Debian's real e1000e.ko: the
/// file modprobe would load (kmod's own answer is the oracle) goes through the load check.
/// </summary>
public class ModuleCheckTests
{
    private static readonly string Release = NicDoctor.VmBench.DebianKernel.Locate().Release;
    private static readonly string RealTree = $"/lib/modules/{Release}";
    private static readonly NicFact Nic = new() { Interface = "eth7", Driver = "e1000e" };

    [Fact]
    public void Stripped_module_in_updates_is_the_one_modprobe_loads_and_is_refused_like_the_seeds_i40e()
    {
        string root = Directory.CreateTempSubdirectory("nd-modroot-").FullName;
        try
        {
            string tree = Path.Join(root, "lib", "modules", Release);
            string inTree = Path.Join(tree, "kernel", "drivers", "net", "ethernet", "intel", "e1000e", "e1000e.ko");
            Directory.CreateDirectory(Path.GetDirectoryName(inTree)!);
            File.Copy(Path.Join(RealTree, "kernel", "drivers", "net", "ethernet", "intel", "e1000e", "e1000e.ko"), inTree);
            string reference = Path.Join(tree, "kernel", "drivers", "net", "ethernet", "intel", "igb", "igb.ko");
            Directory.CreateDirectory(Path.GetDirectoryName(reference)!);
            File.Copy(Path.Join(RealTree, "kernel", "drivers", "net", "ethernet", "intel", "igb", "igb.ko"), reference);
            foreach (string f in new[] { "modules.builtin", "modules.builtin.modinfo", "modules.order" })
                File.Copy(Path.Join(RealTree, f), Path.Join(tree, f));
            Directory.CreateDirectory(Path.Join(root, "usr", "src"));
            File.CreateSymbolicLink(Path.Join(root, "usr", "src", $"linux-headers-{Release}"), $"/usr/src/linux-headers-{Release}");
            Run("depmod", "-b", root, Release);

            // The shipped module passes the check: no finding, no gap about it.
            var gaps = new List<string>();
            Assert.Empty(ModuleFactsReader.Read(root, Release, [Nic], [], gaps));
            Assert.Equal([$"boot image: no {root}/boot/initrd.img-{Release} or initramfs-{Release}.img, not compared with /lib/modules"], gaps.Distinct());

            // A plain `strip` copy in updates/ (the seed's step 6), preferred by depmod's search order.
            string updates = Path.Join(tree, "updates", "e1000e.ko");
            Directory.CreateDirectory(Path.GetDirectoryName(updates)!);
            Run("strip", "-o", updates, inTree);
            Run("depmod", "-b", root, Release);
            string modprobeLoads = Run("modprobe", "-d", root, "-S", Release, "--show-depends", "e1000e").Trim().Split('\n')[^1];
            Assert.Equal($"insmod {updates}", modprobeLoads.Trim());

            var events = new[]
            {
                new EventFact
                {
                    Kind = EventKinds.ModuleLoadFailure, Module = "e1000e", Summary = "e1000e: module has no symbols (stripped?)",
                    Evidence = [new EvidenceRef("dmesg", 7, "[   12.000000] e1000e: module has no symbols (stripped?)")],
                },
            };
            ModuleFact fact = Assert.Single(ModuleFactsReader.Read(root, Release, [Nic], events, gaps));
            Assert.Equal([$"boot image: no {root}/boot/initrd.img-{Release} or initramfs-{Release}.img, not compared with /lib/modules"], gaps.Distinct());
            Assert.Equal((ModuleProblemKinds.LoadRefused, "e1000e", "eth7", updates), (fact.Kind, fact.Module, fact.Interface, fact.Path));
            // The kernel's own message (kernel/module/main.c), as the seed's dmesg shows it for i40e.
            Assert.Contains("e1000e: module has no symbols (stripped?)", fact.Summary, StringComparison.Ordinal);
            Assert.Contains(fact.Evidence, e => e.Source == "dmesg" && e.Line == 7);

            var facts = new HostFacts { KernelRelease = Release, Nics = [Nic], Events = events, Modules = [fact] };
            Finding finding = Assert.Single(Diagnoser.Diagnose(facts, RuleBook.Load()).Findings, f => f.Id == "ND0011");
            Assert.Contains($"nicdoctor module check {updates} --kernel {Release}", finding.Next);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Without_the_hosts_file_system_the_module_check_and_boot_image_are_gaps()
    {
        var gaps = new List<string>();
        Assert.Empty(ModuleFactsReader.Read(null, Release, [Nic], [], gaps));
        Assert.Contains(gaps, g => g.StartsWith("module files: not checked", StringComparison.Ordinal));
        Assert.Contains(gaps, g => g.StartsWith("boot image: not compared", StringComparison.Ordinal));
    }

    [Fact]
    public void New_e1000e_in_updates_while_the_boot_image_carries_debians_is_the_seeds_step_5()
    {
        string root = Directory.CreateTempSubdirectory("nd-modroot-").FullName;
        try
        {
            string tree = Path.Join(root, "lib", "modules", Release);
            string inTree = Path.Join(tree, "kernel", "drivers", "net", "ethernet", "intel", "e1000e", "e1000e.ko");
            Directory.CreateDirectory(Path.GetDirectoryName(inTree)!);
            File.Copy(Path.Join(RealTree, "kernel", "drivers", "net", "ethernet", "intel", "e1000e", "e1000e.ko"), inTree);
            foreach (string f in new[] { "modules.builtin", "modules.builtin.modinfo", "modules.order" })
                File.Copy(Path.Join(RealTree, f), Path.Join(tree, f));
            Directory.CreateDirectory(Path.Join(root, "usr", "src"));
            File.CreateSymbolicLink(Path.Join(root, "usr", "src", $"linux-headers-{Release}"), $"/usr/src/linux-headers-{Release}");
            // Debian's real initramfs for this kernel (mkinitramfs put e1000e.ko in it).
            Directory.CreateDirectory(Path.Join(root, "boot"));
            File.CreateSymbolicLink(Path.Join(root, "boot", $"initrd.img-{Release}"), $"/boot/initrd.img-{Release}");
            Run("depmod", "-b", root, Release);

            // Same module on disk and in the image: nothing to say.
            var gaps = new List<string>();
            Assert.Empty(ModuleFactsReader.Read(root, Release, [Nic], [], gaps));
            Assert.Empty(gaps);

            // A self-built e1000e installed under updates/ (as the seed did with i40e 2.13.10).
            string updates = Path.Join(tree, "updates", "e1000e.ko");
            Directory.CreateDirectory(Path.GetDirectoryName(updates)!);
            File.Copy(UpdatedE1000e(), updates);
            Run("depmod", "-b", root, Release);
            Assert.Equal($"insmod {updates}", Run("modprobe", "-d", root, "-S", Release, "--show-depends", "e1000e").Trim().Split('\n')[^1].Trim());

            ModuleFact fact = Assert.Single(ModuleFactsReader.Read(root, Release, [Nic], [], gaps));
            Assert.Empty(gaps);
            Assert.Equal((ModuleProblemKinds.BootImageDiffers, "e1000e", updates), (fact.Kind, fact.Module, fact.Path));
            // Oracles: modinfo on the file mkinitramfs copied into the image, and on the new build.
            string imageSrcVersion = Run("modinfo", "-F", "srcversion", inTree).Trim();
            string newSrcVersion = Run("modinfo", "-F", "srcversion", updates).Trim();
            Assert.NotEqual(imageSrcVersion, newSrcVersion);
            // modinfo prints nothing for a field the module lacks (Debian's in-tree modules carry no srcversion).
            string Shown(string v) => v.Length == 0 ? "(none)" : v;
            Assert.Equal($"{root}/boot/initrd.img-{Release} carries e1000e version (none), srcversion {Shown(imageSrcVersion)}, /lib/modules has version 9.9.9-nd, srcversion {Shown(newSrcVersion)}", fact.Summary);
            Assert.Contains(fact.Evidence, e => e.Source == $"{root}/boot/initrd.img-{Release}:usr/lib/modules/{Release}/kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko");

            Finding finding = Assert.Single(Diagnoser.Diagnose(new HostFacts { KernelRelease = Release, Nics = [Nic], Modules = [fact] }, RuleBook.Load()).Findings);
            Assert.Equal("ND0012", finding.Id);
            Assert.Contains($"modinfo {updates}", finding.Next);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // A tiny module named e1000e with its own version, built against the installed headers and
    // cached by content: a genuinely different build of "e1000e" for the comparison.
    private static string UpdatedE1000e()
    {
        const string source = """
            #include <linux/module.h>
            static int __init nd_init(void) { return 0; }
            static void __exit nd_exit(void) { }
            module_init(nd_init);
            module_exit(nd_exit);
            MODULE_LICENSE("GPL");
            MODULE_VERSION("9.9.9-nd");
            MODULE_DESCRIPTION("nicdoctor test stand-in for an out-of-tree e1000e");
            """;
        string key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source + Release)))[..16];
        string dir = $"/var/tmp/nicdoctor-test-cache/diagnose-e1000e-{Release}-{key}";
        string module = Path.Join(dir, "e1000e.ko");
        if (File.Exists(module))
            return module;
        string build = dir + $".build-{Environment.ProcessId}";
        Directory.CreateDirectory(build);
        File.WriteAllText(Path.Join(build, "e1000e.c"), source);
        File.WriteAllText(Path.Join(build, "Kbuild"), "obj-m := e1000e.o\n");
        Run("make", "-s", "-C", $"/usr/src/linux-headers-{Release}", $"M={build}", "modules");
        if (!Directory.Exists(dir))
            Directory.Move(build, dir);
        return module;
    }

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: exit {p.ExitCode}: {err.Result}");
        return output;
    }
}
