using System.Text;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.Planning;

namespace NicDoctor.Upgrade.Tests;

/// <summary><c>upgrade plan</c> against a sandbox of Debian's real kernel tree and initrd.</summary>
public sealed class PlanTests : IDisposable
{
    private readonly SandboxRoot _root = SandboxRoot.Create();

    public void Dispose()
    {
        TestPlans.Cleanup(_root);
        _root.Dispose();
    }

    [Fact]
    public void Plan_RecordsTheShaOfEveryFileItWillReplace_AsSha256sumSees_It()
    {
        ChangeSet set = TestPlans.Plan(_root);
        ChangeSetPlan plan = set.Plan;

        Assert.Equal(SandboxRoot.Kernel, plan.KernelRelease);
        Assert.Equal($"lib/modules/{SandboxRoot.Kernel}/updates/e1000e.ko", plan.InstallPath);
        Assert.Contains(plan.Preconditions, p => p.Path == plan.InstallPath && p.Sha256 is null);
        Assert.Contains($"lib/modules/{SandboxRoot.Kernel}/modules.dep", plan.IndexFiles);
        foreach (FilePrecondition p in plan.Preconditions.Where(p => p.Sha256 is not null))
            Assert.Equal(ExternalTool.Sha256Sum(Path.Join(_root.Path, p.Path)), p.Sha256);
        Assert.Equal(ExternalTool.Sha256Sum(Path.Join(set.Directory, plan.Module.Artifact)), plan.Module.Sha256);
    }

    [Fact]
    public void Plan_ModuleIdentity_MatchesModinfo()
    {
        ChangeSetPlan plan = TestPlans.Plan(_root).Plan;
        string installed = Path.Join(_root.ModulesDir, SandboxRoot.E1000eRelative);

        Assert.Equal("e1000e", plan.Module.Name);
        Assert.Equal(ExternalTool.Ok("modinfo", "-F", "srcversion", SandboxRoot.RebuiltE1000e()).Trim(), plan.Module.Srcversion);
        Assert.Equal(SandboxRoot.RebuiltSrcversion, plan.Module.Srcversion);
        Assert.Equal(ExternalTool.Ok("modinfo", "-F", "vermagic", SandboxRoot.RebuiltE1000e()).Trim(), plan.Module.Vermagic!.Trim());
        Assert.NotNull(plan.Installed);
        Assert.Equal($"lib/modules/{SandboxRoot.Kernel}/{SandboxRoot.E1000eRelative}", plan.Installed.Path);
        Assert.Equal(ExternalTool.Sha256Sum(installed), plan.Installed.Sha256);
        Assert.Null(plan.Installed.Srcversion); // Debian's in-tree e1000e carries none (modinfo -F srcversion is empty)
        Assert.Equal(string.Empty, ExternalTool.Ok("modinfo", "-F", "srcversion", installed).Trim());
    }

    [Fact]
    public void Plan_SeesThatDebiansInitrdCarriesTheDriver_LikeLsinitramfs()
    {
        ChangeSetPlan plan = TestPlans.Plan(_root).Plan;

        string listing = ExternalTool.Ok("lsinitramfs", _root.Image);
        Assert.Contains($"lib/modules/{SandboxRoot.Kernel}/kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko", listing);
        Assert.NotNull(plan.BootImage);
        Assert.True(plan.BootImage.ContainsModule);
        Assert.Equal($"boot/initrd.img-{SandboxRoot.Kernel}", plan.BootImage.Path);
        Assert.Equal(ExternalTool.Sha256Sum(_root.Image), plan.BootImage.Sha256);
        Assert.Contains(plan.Preconditions, p => p.Path == plan.BootImage.BackupPath && p.Sha256 is null);
        Assert.Equal(["verify-preconditions", "backup", "install-module", "depmod", "verify-resolution", "boot-image", "boot-entry", "commit"], plan.Steps);
    }

    [Fact]
    public void Plan_WritesPosixScripts_ThatShellcheckAccepts()
    {
        ChangeSet set = TestPlans.Plan(_root);
        foreach (string script in new[] { ChangeSetLayout.ApplyScript, ChangeSetLayout.RollbackScript })
        {
            (int code, string stdout, string stderr) = ExternalTool.Run("shellcheck", ["-s", "sh", "-S", "style", Path.Join(set.Directory, script)]);
            Assert.True(code == 0, $"{script}:\n{stdout}{stderr}");
        }
    }

    [Fact]
    public void Plan_UnderLockdown_RefusesAnUnsignedModule_AndWritesNothing()
    {
        // An unsigned module as binutils leaves it: strip --strip-debug drops the appended signature.
        string unsigned = _root.Path + ".unsigned.ko";
        ExternalTool.Ok("strip", "--strip-debug", "-o", unsigned, SandboxRoot.RebuiltE1000e());
        Assert.DoesNotContain("sig_id", ExternalTool.Ok("modinfo", unsigned));
        Directory.CreateDirectory(Path.Join(_root.Path, "sys", "kernel", "security"));
        File.WriteAllText(Path.Join(_root.Path, "sys", "kernel", "security", "lockdown"), "none [integrity] confidentiality\n");
        string output = _root.Path + ".changeset";

        PlanOutcome outcome = UpgradePlanner.Plan(TestPlans.Request(_root, output, unsigned));

        Assert.False(outcome.Succeeded);
        PlanCheck failed = outcome.Checks[^1];
        Assert.Equal("signature", failed.Name);
        Assert.Contains("unsigned", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("integrity", failed.Detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
        File.Delete(unsigned);
    }

    [Fact]
    public void Plan_RefusesAModuleTheKernelWouldRefuse_StoppingAtThatCheck()
    {
        // Same length vermagic with another preemption model: the kernel says "version magic ... should be ...".
        byte[] data = File.ReadAllBytes(SandboxRoot.RebuiltE1000e());
        byte[] magic = Encoding.ASCII.GetBytes($"vermagic={SandboxRoot.Kernel} SMP preempt mod_unload");
        int at = data.AsSpan().IndexOf(magic);
        Assert.True(at > 0);
        Encoding.ASCII.GetBytes($"vermagic={SandboxRoot.Kernel} SMP preemqt mod_unload").CopyTo(data.AsSpan(at));
        string patched = _root.Path + ".badmagic.ko";
        File.WriteAllBytes(patched, data);
        string output = _root.Path + ".changeset";

        PlanOutcome outcome = UpgradePlanner.Plan(TestPlans.Request(_root, output, patched));

        Assert.False(outcome.Succeeded);
        Assert.Equal("load", outcome.Checks[^1].Name);
        Assert.Contains("version magic", outcome.Checks[^1].Detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
        File.Delete(patched);
    }

    [Fact]
    public void Plan_RefusesTheModuleAlreadyInstalled()
    {
        string output = _root.Path + ".changeset";
        PlanOutcome outcome = UpgradePlanner.Plan(TestPlans.Request(_root, output, Path.Join(_root.ModulesDir, SandboxRoot.E1000eRelative)));

        Assert.False(outcome.Succeeded);
        Assert.Equal("identity", outcome.Checks[^1].Name);
        Assert.False(Directory.Exists(output));
    }
}
