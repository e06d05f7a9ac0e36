using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.State;

namespace NicDoctor.Upgrade.Tests;

/// <summary>
/// A kill after each step of apply leaves every file whole, the old version or the new one, no
/// temporary file behind; rollback then returns the tree byte-identical. A full disk fails
/// apply cleanly into the old state.
/// </summary>
public sealed class FaultInjectionTests
{
    public static TheoryData<ApplyStep> Steps => new(Enum.GetValues<ApplyStep>());

    [Theory]
    [MemberData(nameof(Steps))]
    public void KillAfterStep_LeavesOldOrNewFiles_AndRollbackRestoresAll(ApplyStep killAfter)
    {
        using SandboxRoot reference = SandboxRoot.Create();
        using SandboxRoot root = SandboxRoot.Create();
        try
        {
            ChangeSet referenceSet = TestPlans.Plan(reference);
            ChangeSetApplier.Apply(referenceSet, TestPlans.Options(reference));
            Dictionary<string, string> newState = reference.Snapshot();

            ChangeSet set = TestPlans.Plan(root);
            Dictionary<string, string> oldState = root.Snapshot();
            Assert.Throws<OperationCanceledException>(() => ChangeSetApplier.Apply(set, TestPlans.Options(root, step =>
            {
                if (step == killAfter)
                    throw new OperationCanceledException($"simulated kill after {step}");
            })));

            Dictionary<string, string> killed = root.Snapshot();
            foreach ((string path, string sha) in killed)
            {
                bool old = oldState.TryGetValue(path, out string? o) && o == sha;
                bool fresh = newState.TryGetValue(path, out string? n) && n == sha;
                Assert.True(old || fresh, $"{path} after a kill at {killAfter} is neither the old nor the new file");
            }
            Assert.DoesNotContain(killed.Keys, p => p.Contains(".nicdoctor-tmp", StringComparison.Ordinal) || p.Contains(".nicdoctor-new", StringComparison.Ordinal));
            string state = Assert.Single(UpgradeStatusReader.Read(root.Path)).State;
            Assert.Equal(killAfter == ApplyStep.Commit ? ChangeStates.Applied : ChangeStates.Interrupted, state);

            RollbackResult result = ChangeSetRollback.Rollback(set.Plan, TestPlans.Options(root));

            Assert.Empty(result.LeftAlone);
            Assert.Equal(oldState, root.Snapshot());
        }
        finally
        {
            TestPlans.Cleanup(reference);
            TestPlans.Cleanup(root);
        }
    }

    [Fact]
    public void FullDisk_FailsApply_AndLeavesTheOldState()
    {
        // A tmpfs too small for the image backup: the write fails with ENOSPC half-way.
        string mount = Path.Join(Path.GetTempPath(), "nicdoctor-fulldisk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mount);
        long baseSize = Directory.EnumerateFiles(SandboxRoot.Base(), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        long imageSize = new FileInfo(Path.Join(SandboxRoot.Base(), "boot", $"initrd.img-{SandboxRoot.Kernel}")).Length;
        long size = baseSize + (imageSize / 2);
        (int code, _, string stderr) = ExternalTool.Run("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", mount]);
        if (code != 0)
            Assert.Skip($"cannot mount a tmpfs here (needs root): {stderr.Trim()}");
        try
        {
            using SandboxRoot root = SandboxRoot.Create(under: mount);
            string output = Path.Join(Path.GetTempPath(), "nicdoctor-fulldisk-cs-" + Guid.NewGuid().ToString("N"));
            var outcome = NicDoctor.Upgrade.Planning.UpgradePlanner.Plan(TestPlans.Request(root, output));
            Assert.True(outcome.Succeeded);
            ChangeSet set = ChangeSet.Load(output);
            Dictionary<string, string> before = root.Snapshot();

            var refused = Assert.Throws<UpgradeRefusedException>(() => ChangeSetApplier.Apply(set, TestPlans.Options(root)));

            Assert.Contains("space", refused.Reason, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(before, root.Snapshot());
            Assert.Equal(ChangeStates.RolledBack, Assert.Single(UpgradeStatusReader.Read(root.Path)).State);
            Directory.Delete(output, recursive: true);
        }
        finally
        {
            ExternalTool.Run("umount", [mount]);
            Directory.Delete(mount, recursive: true);
        }
    }
}
