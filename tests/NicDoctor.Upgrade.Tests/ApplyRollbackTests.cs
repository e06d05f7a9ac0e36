using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.State;

namespace NicDoctor.Upgrade.Tests;

/// <summary>Native apply and rollback on a sandbox of Debian's real kernel tree, cross-checked with kmod's own tools.</summary>
public sealed class ApplyRollbackTests : IDisposable
{
    private readonly SandboxRoot _root = SandboxRoot.Create();

    public void Dispose()
    {
        TestPlans.Cleanup(_root);
        _root.Dispose();
    }

    [Fact]
    public void Apply_InstallsIntoUpdates_AndModprobeResolvesTheNewFile()
    {
        ChangeSet set = TestPlans.Plan(_root);
        Dictionary<string, string> before = _root.Snapshot();

        ApplyResult result = ChangeSetApplier.Apply(set, TestPlans.Options(_root));

        Assert.Equal(set.Plan.Steps, result.Steps);
        string installed = Path.Join(_root.Path, set.Plan.InstallPath);
        Assert.Equal(ExternalTool.Sha256Sum(SandboxRoot.RebuiltE1000e()), ExternalTool.Sha256Sum(installed));
        // kmod itself now picks updates/: modinfo -n and modprobe --show-depends against the root.
        Assert.Equal(installed, ExternalTool.Ok("modinfo", "-b", _root.Path, "-k", SandboxRoot.Kernel, "-n", "e1000e").Trim());
        Assert.Contains("updates/e1000e.ko", ExternalTool.Ok("modprobe", "-d", _root.Path, "-S", SandboxRoot.Kernel, "--show-depends", "e1000e"));
        Assert.Equal(SandboxRoot.RebuiltSrcversion, ExternalTool.Ok("modinfo", "-F", "srcversion", "-b", _root.Path, "-k", SandboxRoot.Kernel, "e1000e").Trim());
        // The in-box file is untouched.
        string inbox = $"lib/modules/{SandboxRoot.Kernel}/{SandboxRoot.E1000eRelative}";
        Assert.Equal(before[inbox], ExternalTool.Sha256Sum(Path.Join(_root.Path, inbox)));
        // The image was replaced by one carrying the new driver; the original is kept beside it, byte-identical.
        string backup = Path.Join(_root.Path, set.Plan.BootImage!.BackupPath);
        Assert.Equal(before[set.Plan.BootImage.Path], ExternalTool.Sha256Sum(backup));
        Assert.NotEqual(before[set.Plan.BootImage.Path], ExternalTool.Sha256Sum(_root.Image));
        Assert.Contains($"lib/modules/{SandboxRoot.Kernel}/updates/e1000e.ko", ExternalTool.Ok("lsinitramfs", _root.Image));
    }

    [Fact]
    public void Rollback_AfterApply_ReturnsEveryFileByteIdentical()
    {
        ChangeSet set = TestPlans.Plan(_root);
        Dictionary<string, string> before = _root.Snapshot();
        ChangeSetApplier.Apply(set, TestPlans.Options(_root));
        Assert.NotEqual(before, _root.Snapshot());

        RollbackResult result = ChangeSetRollback.Rollback(set.Plan, TestPlans.Options(_root));

        Assert.True(result.WasApplied);
        Assert.Empty(result.LeftAlone);
        Assert.Equal(before, _root.Snapshot());
        Assert.Contains("kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko", ExternalTool.Ok("modprobe", "-d", _root.Path, "-S", SandboxRoot.Kernel, "--show-depends", "e1000e"));
    }

    [Fact]
    public void Status_ShowsWhatChangedAndTheBackups_ThenRolledBack()
    {
        ChangeSet set = TestPlans.Plan(_root);
        ChangeSetApplier.Apply(set, TestPlans.Options(_root));

        ChangeStatus applied = Assert.Single(UpgradeStatusReader.Read(_root.Path));
        Assert.Equal(ChangeStates.Applied, applied.State);
        Assert.Equal(set.Plan.Id, applied.Id);
        Assert.Contains(applied.Changed, f => f.Path == set.Plan.InstallPath && f.Sha256 == set.Plan.Module.Sha256);
        BackupStatus image = Assert.Single(applied.Backups, b => b.Of == set.Plan.BootImage!.Path);
        Assert.True(image.Verified);
        Assert.Equal(ExternalTool.Sha256Sum(image.Path), image.Sha256);
        Assert.All(applied.Backups, b => Assert.True(b.Verified, b.Path));

        ChangeSetRollback.Rollback(set.Plan, TestPlans.Options(_root));
        Assert.Equal(ChangeStates.RolledBack, Assert.Single(UpgradeStatusReader.Read(_root.Path)).State);
    }

    [Fact]
    public void Apply_RefusesWhenAFileDiffersFromThePlan_AndChangesNothing()
    {
        ChangeSet set = TestPlans.Plan(_root);
        // The md5 lesson: the image on this host is not the one the plan was made against.
        File.Delete(_root.Image);
        File.WriteAllText(_root.Image, "another host's image\n");
        Dictionary<string, string> before = _root.Snapshot(includeState: true);

        var refused = Assert.Throws<UpgradeRefusedException>(() => ChangeSetApplier.Apply(set, TestPlans.Options(_root)));

        Assert.Equal("verify-preconditions", refused.Check);
        Assert.Contains("sha256", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(before, _root.Snapshot(includeState: true));
        Assert.False(Directory.Exists(ChangeSetLayout.StateDirectory(_root.Path, set.Plan.Id)));
    }

    [Fact]
    public void Apply_WhenTheHostFitCheckFails_RollsBackToTheOldState()
    {
        ChangeSet set = TestPlans.Plan(_root);
        Dictionary<string, string> before = _root.Snapshot();

        var refused = Assert.Throws<UpgradeRefusedException>(() => ChangeSetApplier.Apply(set, TestPlans.Options(_root, hostFit: new NewDriverInsideCheck(fits: false))));

        Assert.Equal("host-fit", refused.Check);
        Assert.Contains("rolled back", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(before, _root.Snapshot());
        Assert.Equal(ChangeStates.RolledBack, Assert.Single(UpgradeStatusReader.Read(_root.Path)).State);
    }

    [Fact]
    public void Apply_Twice_IsRefused()
    {
        ChangeSet set = TestPlans.Plan(_root);
        ChangeSetApplier.Apply(set, TestPlans.Options(_root));
        Dictionary<string, string> after = _root.Snapshot();

        var refused = Assert.Throws<UpgradeRefusedException>(() => ChangeSetApplier.Apply(set, TestPlans.Options(_root)));

        Assert.Equal("verify-preconditions", refused.Check);
        Assert.Equal(after, _root.Snapshot());
    }

    [Fact]
    public void Rollback_LeavesAloneAFileChangedSinceApply()
    {
        ChangeSet set = TestPlans.Plan(_root);
        ChangeSetApplier.Apply(set, TestPlans.Options(_root));
        // Someone rebuilt the image after apply: rollback must not overwrite their work.
        File.Delete(_root.Image);
        File.WriteAllText(_root.Image, "rebuilt by someone else\n");

        RollbackResult result = ChangeSetRollback.Rollback(set.Plan, TestPlans.Options(_root));

        Assert.Equal([set.Plan.BootImage!.Path], result.LeftAlone);
        Assert.Equal("rebuilt by someone else\n", File.ReadAllText(_root.Image));
        Assert.True(File.Exists(Path.Join(_root.Path, set.Plan.BootImage.BackupPath)), "the backup of a left-alone image is kept");
        Assert.False(File.Exists(Path.Join(_root.Path, set.Plan.InstallPath)));
    }
}
