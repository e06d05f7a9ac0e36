using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.Planning;

namespace NicDoctor.VmBench.Tests;

/// <summary>
/// The change set's <c>apply.sh --reload</c> in a busybox guest with an emulated 82574 (e1000e):
/// the driver is swapped for a "rebuilt" one while eth0 is up with an address, the link and the
/// address come back, the new srcversion is verified live. With a module that fails to load,
/// the rollback timer restores the old driver, the link and the address.
/// </summary>
[Trait("Category", "vm")]
public sealed class UpgradeReloadTests
{
    private const string Address = "10.0.2.15/24";
    private const string RebuiltSrcversion = "0123456789ABCDEF0123456";

    [Fact]
    public void ApplyReload_SwapsTheDriver_BringsEth0BackUp_AndVerifiesTheNewSrcversion()
    {
        var result = BootWithChangeSet(breakModule: false);

        Assert.Equal("none", result.Marker("before_srcversion"));
        Assert.Equal("0", result.Marker("apply_rc"));
        Assert.Equal(RebuiltSrcversion, result.Marker("after_srcversion"));
        Assert.Equal("up", result.Marker("after_operstate"));
        Assert.Equal(Address, result.Marker("after_addr"));
        Assert.Equal("reloaded", result.Marker("reload_event"));
    }

    [Fact]
    public void ApplyReload_OfAModuleThatFailsToLoad_TheRollbackTimerRestoresTheOldDriverAndTheLink()
    {
        var result = BootWithChangeSet(breakModule: true);

        Assert.Equal("1", result.Marker("apply_rc"));
        Assert.Equal("rolled-back", result.Marker("last_event"));
        Assert.Equal("live", result.Marker("after_initstate"));
        Assert.Equal("none", result.Marker("after_srcversion")); // the in-box e1000e again (it carries no srcversion)
        Assert.Equal("up", result.Marker("after_operstate"));
        Assert.Equal(Address, result.Marker("after_addr"));
        Assert.Equal("absent", result.Marker("updates_file"));
    }

    private static VmBootResult BootWithChangeSet(bool breakModule)
    {
        var kernel = Bench.Kernel;
        using var scratch = new ScratchDirectory();
        string kver = kernel.Release;
        string relative = "kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko";

        // The guest's root as a host tree: the real e1000e, modules.dep by kmod's depmod; no boot image.
        string root = scratch.File("root");
        string modules = Path.Join(root, "lib", "modules", kver);
        Directory.CreateDirectory(Path.Join(modules, Path.GetDirectoryName(relative)));
        File.Copy(Path.Join(kernel.ModulesDirectory, relative), Path.Join(modules, relative));
        ExternalTool.Run("depmod", ["-b", root, "-a", kver]);

        string rebuilt = scratch.File("e1000e.ko");
        File.WriteAllBytes(rebuilt, Rebuild(File.ReadAllBytes(Path.Join(kernel.ModulesDirectory, relative))));
        string changeSet = scratch.File("cs");
        PlanOutcome outcome = UpgradePlanner.Plan(new PlanRequest
        {
            ModulePath = rebuilt,
            OutputDirectory = changeSet,
            Root = root,
            KernelRelease = kver,
            Interfaces = ["eth0"],
        });
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Checks.Select(c => $"{c.Name}: {c.Detail}")));
        if (breakModule)
            BreakArtifact(changeSet, outcome.Plan!);

        // kmod and a non-busybox /bin/sh, as on a real host: busybox's depmod would not put updates/ first.
        var guest = new GuestInitramfs().AddDistroShellAndKmod();
        foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            guest.Files.AddFile("/" + Path.GetRelativePath(root, file), file);
        foreach (string file in Directory.EnumerateFiles(changeSet, "*", SearchOption.AllDirectories))
            guest.Files.AddFile("/cs/" + Path.GetRelativePath(changeSet, file), file);
        const string Operstate = "/sys/class/net/eth0/operstate";
        guest.WriteCpio(scratch.File("guest.cpio"), $$"""
            modprobe e1000e
            {{GuestScript.WaitUntil("[ -e /sys/class/net/eth0 ]")}}
            ip addr add {{Address}} dev eth0
            ip link set eth0 up
            {{GuestScript.WaitUntil($"[ \"$(cat {Operstate})\" = up ]", seconds: 20)}}
            ndtest before_srcversion=$(cat /sys/module/e1000e/srcversion 2>/dev/null || echo none)
            /bin/sh /cs/apply.sh --reload --timeout 15; ndtest apply_rc=$?  # dash: busybox sh would run its own applets
            {{(breakModule ? GuestScript.WaitUntil("tail -n 1 /var/lib/nicdoctor/changes/*/journal.tsv | grep -q rolled-back", seconds: 60) : string.Empty)}}
            {{GuestScript.WaitUntil("[ -e /sys/class/net/eth0 ]")}}
            {{GuestScript.WaitUntil($"[ \"$(cat {Operstate})\" = up ]", seconds: 20)}}
            ndtest after_srcversion=$(cat /sys/module/e1000e/srcversion 2>/dev/null || echo none)
            ndtest after_initstate=$(cat /sys/module/e1000e/initstate 2>/dev/null || echo none)
            ndtest after_operstate=$(cat {{Operstate}})
            ndtest after_addr=$(ip -o -4 addr show dev eth0 | awk '{ print $4 }')
            ndtest reload_event=$(cut -f2 /var/lib/nicdoctor/changes/*/journal.tsv | grep -x reloaded)
            ndtest last_event=$(tail -n 1 /var/lib/nicdoctor/changes/*/journal.tsv | cut -f2)
            ndtest updates_file=$([ -e /lib/modules/{{kver}}/updates/e1000e.ko ] && echo present || echo absent)
            cat /var/lib/nicdoctor/changes/*/reload.log
            ndtest done
            """);

        return Bench.Boot(new VmBootRequest(kernel, scratch.File("guest.cpio"))
        {
            Nic = VmNic.E1000e,
            // Under host load TCG's timer check can panic the kernel ("IO-APIC + timer doesn't work").
            Append = "no_timer_check",
            MemoryMiB = 768,
            Timeout = TimeSpan.FromSeconds(300),
        }).EnsureDone();
    }

    // The "rebuilt" driver: the real module with its author= string rewritten, same length, into a
    // srcversion= one (Debian's in-tree e1000e has none). It still loads; its signature no longer
    // matches (taint E: the guest kernel does not enforce signatures).
    private static byte[] Rebuild(byte[] data)
    {
        byte[] author = "author=Intel Corporation, <linux.nics@intel.com>\0"u8.ToArray();
        int at = data.AsSpan().IndexOf(author);
        Assert.True(at > 0);
        byte[] replacement = new byte[author.Length];
        System.Text.Encoding.ASCII.GetBytes($"srcversion={RebuiltSrcversion}\0author=Intel\0").CopyTo(replacement, 0);
        replacement.CopyTo(data, at);
        return WithoutSignature(data);
    }

    // A changed module no longer matches its appended signature, and the kernel refuses a bad
    // signature even when it does not enforce signing ("Key was rejected by service"); an unsigned
    // module only taints it. Layout: ... signature, struct module_signature (12 bytes, sig_len
    // big-endian in its last 4), "~Module signature appended~\n".
    private static byte[] WithoutSignature(byte[] data)
    {
        byte[] marker = "~Module signature appended~\n"u8.ToArray();
        Assert.True(data.AsSpan().EndsWith(marker));
        int info = data.Length - marker.Length - 12;
        int signatureLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(info + 8, 4));
        return data[..(info - signatureLength)];
    }

    // A module that passes the plan but fails in the kernel: its vermagic is patched after planning
    // (the change set's recorded sha256 is updated with it, as a tampered or mis-built artifact would be).
    private static void BreakArtifact(string changeSet, ChangeSetPlan plan)
    {
        string artifact = Path.Join(changeSet, plan.Module.Artifact);
        byte[] data = File.ReadAllBytes(artifact);
        byte[] magic = "SMP preempt mod_unload"u8.ToArray();
        int at = data.AsSpan().IndexOf(magic);
        Assert.True(at > 0);
        "SMP preemqt mod_unload"u8.CopyTo(data.AsSpan(at));
        File.WriteAllBytes(artifact, data);
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data));
        string apply = Path.Join(changeSet, ChangeSetLayout.ApplyScript);
        File.WriteAllText(apply, File.ReadAllText(apply).Replace($"MODULE_SHA='{plan.Module.Sha256}'", $"MODULE_SHA='{sha}'", StringComparison.Ordinal));
    }
}
