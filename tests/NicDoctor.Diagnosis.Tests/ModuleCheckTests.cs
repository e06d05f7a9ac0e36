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
    private const string Release = "6.1.0-56-amd64";
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
            Assert.Empty(gaps);

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
            Assert.Empty(gaps);
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
    public void Without_the_hosts_file_system_the_module_check_is_a_gap()
    {
        var gaps = new List<string>();
        Assert.Empty(ModuleFactsReader.Read(null, Release, [Nic], [], gaps));
        Assert.Contains(gaps, g => g.StartsWith("module files: not checked", StringComparison.Ordinal));
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
