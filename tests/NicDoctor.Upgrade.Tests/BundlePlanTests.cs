using NicDoctor.Evidence.Collector;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.Planning;

namespace NicDoctor.Upgrade.Tests;

/// <summary>
/// upgrade plan --bundle: the real collector (nicdoctor-collect.sh -r ROOT under dash) captures a
/// sandbox host; the plan made from its tarball pins the same files with the same sha256 as the plan
/// made against the root itself, and its apply.sh applies and rolls back on that host.
/// </summary>
public sealed class BundlePlanTests : IDisposable
{
    private readonly SandboxRoot _root = SandboxRoot.Create();

    public void Dispose()
    {
        TestPlans.Cleanup(_root);
        foreach (string extra in new[] { ".bundle.tar.gz", ".root-plan" })
        {
            if (File.Exists(_root.Path + extra))
                File.Delete(_root.Path + extra);
            if (Directory.Exists(_root.Path + extra))
                Directory.Delete(_root.Path + extra, true);
        }
        _root.Dispose();
    }

    // The host's sysfs as the kernel lays it out for an e1000e NIC, and its release in proc.
    private string Collect()
    {
        string sys = Path.Join(_root.Path, "sys");
        Directory.CreateDirectory(Path.Join(sys, "bus/pci/drivers/e1000e"));
        Directory.CreateDirectory(Path.Join(sys, "devices/pci0000:00/0000:00:03.0"));
        Directory.CreateDirectory(Path.Join(sys, "class/net/eth0"));
        Directory.CreateDirectory(Path.Join(sys, "module/e1000e"));
        File.CreateSymbolicLink(Path.Join(sys, "devices/pci0000:00/0000:00:03.0/driver"), "../../../bus/pci/drivers/e1000e");
        File.CreateSymbolicLink(Path.Join(sys, "class/net/eth0/device"), "../../../devices/pci0000:00/0000:00:03.0");
        Directory.CreateDirectory(Path.Join(_root.Path, "proc/sys/kernel"));
        File.WriteAllText(Path.Join(_root.Path, "proc/sys/kernel/osrelease"), SandboxRoot.Kernel + "\n");
        string script = _root.Path + ".collect.sh";
        File.WriteAllText(script, CollectorScript.Text);
        string bundle = _root.Path + ".bundle.tar.gz";
        ExternalTool.Ok("dash", script, "-r", _root.Path, "-o", bundle, "-n", "1", "-i", "0");
        File.Delete(script);
        return bundle;
    }

    [Fact]
    public void PlanFromBundle_PinsTheSameFilesAsThePlanFromTheRoot_AndItsApplyScriptWorksOnTheHost()
    {
        string bundle = Collect();
        PlanOutcome fromRoot = UpgradePlanner.Plan(TestPlans.Request(_root, _root.Path + ".root-plan"));
        Assert.True(fromRoot.Succeeded);
        string output = _root.Path + ".changeset";

        PlanOutcome outcome = UpgradePlanner.Plan(TestPlans.Request(_root, output) with { Root = "/nonexistent", Bundle = bundle, KernelRelease = null });

        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Checks.Select(c => $"{c.Name}: {c.Detail}")));
        ChangeSetPlan plan = outcome.Plan!;
        Assert.Equal(SandboxRoot.Kernel, plan.KernelRelease);
        Assert.Equal(fromRoot.Plan!.Preconditions, plan.Preconditions);
        Assert.Equal(fromRoot.Plan.IndexFiles, plan.IndexFiles);
        Assert.Equal(ExternalTool.Sha256Sum(_root.Image), plan.BootImage!.Sha256);
        Assert.Equal($"lib/modules/{SandboxRoot.Kernel}/{SandboxRoot.E1000eRelative}", plan.Installed!.Path);
        Assert.Contains(outcome.Checks, c => c.Name == "source" && c.Detail.Contains("Not checked from a bundle", StringComparison.Ordinal));
        Dictionary<string, string> before = _root.Snapshot();

        var env = new Dictionary<string, string> { ["ROOT"] = _root.Path };
        (int code, _, string stderr) = ExternalTool.Run("dash", [Path.Join(output, "apply.sh")], env);
        Assert.True(code == 0, stderr);
        Assert.Contains("updates/e1000e.ko", ExternalTool.Ok("modprobe", "-d", _root.Path, "-S", SandboxRoot.Kernel, "--show-depends", "e1000e"));
        (code, _, stderr) = ExternalTool.Run("dash", [Path.Join(output, "rollback.sh")], env);
        Assert.True(code == 0, stderr);
        Assert.Equal(before, _root.Snapshot());
    }

    [Fact]
    public void PlanFromBundle_RefusesAModuleForAnotherKernel_AndInject_WritingNothing()
    {
        string bundle = Collect();
        string output = _root.Path + ".changeset";
        // The rebuilt e1000e with its vermagic's release changed (same length): built for another kernel.
        byte[] data = File.ReadAllBytes(SandboxRoot.RebuiltE1000e());
        byte[] magic = System.Text.Encoding.ASCII.GetBytes($"vermagic={SandboxRoot.Kernel} ");
        int at = data.AsSpan().IndexOf(magic);
        Assert.True(at > 0);
        data[at + "vermagic=".Length] = (byte)(data[at + "vermagic=".Length] == (byte)'9' ? '8' : '9');
        string other = Path.Join(_root.Path, "e1000e-other-kernel.ko");
        File.WriteAllBytes(other, data);

        PlanOutcome wrongKernel = UpgradePlanner.Plan(TestPlans.Request(_root, output, other) with { Bundle = bundle, KernelRelease = null });
        PlanOutcome inject = UpgradePlanner.Plan(TestPlans.Request(_root, output) with { Bundle = bundle, KernelRelease = null, ImageStrategy = "inject", ImageGenerator = null });

        Assert.False(wrongKernel.Succeeded);
        Assert.Equal("load", wrongKernel.Checks[^1].Name);
        Assert.Contains("version magic", wrongKernel.Checks[^1].Detail, StringComparison.Ordinal);
        Assert.False(inject.Succeeded);
        Assert.Equal("boot-image", inject.Checks[^1].Name);
        Assert.Contains("--image-strategy rebuild", inject.Checks[^1].Detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }
}
