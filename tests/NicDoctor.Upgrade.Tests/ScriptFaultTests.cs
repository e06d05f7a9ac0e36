using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.State;

namespace NicDoctor.Upgrade.Tests;

/// <summary>
/// Faults in the generated scripts themselves (the path CentOS 7 hosts take), under dash: apply.sh
/// and rollback.sh are killed at every point where they journal (the operation the record describes
/// done, the record not yet written: the worst moment), and apply.sh runs out of disk space. Every
/// file is always the old or the new one, and rollback.sh returns the tree byte-identical.
/// </summary>
public sealed class ScriptFaultTests
{
    // More kill points than any apply or rollback of this plan journals; the loops stop at the first
    // run that completes.
    private const int MaxRecords = 200;

    private static (int Code, string Stdout, string Stderr) Dash(string script, SandboxRoot root, string? killAt = null) =>
        ExternalTool.Run("dash", [script], new Dictionary<string, string> { ["ROOT"] = root.Path, ["NICDOCTOR_KILL_AT"] = killAt ?? string.Empty });

    private static void AssertOldOrNew(Dictionary<string, string> state, Dictionary<string, string> oldState, Dictionary<string, string> newState, string when)
    {
        foreach ((string path, string sha) in state)
        {
            bool old = oldState.TryGetValue(path, out string? o) && o == sha;
            bool fresh = newState.TryGetValue(path, out string? n) && n == sha;
            Assert.True(old || fresh, $"{path} {when} is neither the old nor the new file");
        }
    }

    /// <summary>One plan, reused on fresh copies of the same root (its paths are ROOT-relative).</summary>
    private static (ChangeSet Set, Dictionary<string, string> Old, Dictionary<string, string> New) PlanAndReference(SandboxRoot planned)
    {
        ChangeSet set = TestPlans.Plan(planned);
        Dictionary<string, string> oldState = planned.Snapshot();
        var apply = Dash(Path.Join(set.Directory, "apply.sh"), planned);
        Assert.True(apply.Code == 0, apply.Stderr);
        Dictionary<string, string> newState = planned.Snapshot();
        Assert.NotEqual(oldState, newState);
        return (set, oldState, newState);
    }

    [Fact]
    public void ApplyScript_KilledBeforeEachJournalRecord_LeavesOldOrNewFiles_AndRollbackScriptRestoresAll()
    {
        using SandboxRoot planned = SandboxRoot.Create();
        try
        {
            (ChangeSet set, var oldState, var newState) = PlanAndReference(planned);
            int killed = 0;
            for (int record = 1; record <= MaxRecords; record++)
            {
                using SandboxRoot root = SandboxRoot.Create();
                var apply = Dash(Path.Join(set.Directory, "apply.sh"), root, $"apply.sh {record}");
                if (apply.Code == 0)
                {
                    Assert.Equal(newState, root.Snapshot());
                    break;
                }
                Assert.True(apply.Code == 137, $"record {record}: exit {apply.Code}: {apply.Stderr}");
                Assert.Contains($"simulated kill before journal record {record}", apply.Stderr, StringComparison.Ordinal);
                killed++;
                AssertOldOrNew(root.Snapshot(), oldState, newState, $"after a kill before apply.sh's journal record {record}");
                if (record > 1)
                    Assert.Equal(ChangeStates.Interrupted, Assert.Single(UpgradeStatusReader.Read(root.Path)).State);

                var rollback = Dash(Path.Join(set.Directory, "rollback.sh"), root);
                Assert.True(rollback.Code == 0, $"record {record}: rollback.sh exit {rollback.Code}: {rollback.Stderr}");
                Assert.Equal(oldState, root.Snapshot());
            }
            // begin, 8 steps, a backup, the module, depmod's indexes, the image, the skipped entry, commit.
            Assert.True(killed >= 15, $"only {killed} kill points");
        }
        finally
        {
            TestPlans.Cleanup(planned);
        }
    }

    [Fact]
    public void RollbackScript_KilledBeforeEachJournalRecord_LeavesOldOrNewFiles_AndARerunRestoresAll()
    {
        using SandboxRoot planned = SandboxRoot.Create();
        try
        {
            (ChangeSet set, var oldState, var newState) = PlanAndReference(planned);
            int killed = 0;
            for (int record = 1; record <= MaxRecords; record++)
            {
                using SandboxRoot root = SandboxRoot.Create();
                var apply = Dash(Path.Join(set.Directory, "apply.sh"), root);
                Assert.True(apply.Code == 0, apply.Stderr);

                var first = Dash(Path.Join(set.Directory, "rollback.sh"), root, $"rollback.sh {record}");
                if (first.Code == 0)
                {
                    Assert.Equal(oldState, root.Snapshot());
                    break;
                }
                Assert.True(first.Code == 137, $"record {record}: exit {first.Code}: {first.Stderr}");
                killed++;
                AssertOldOrNew(root.Snapshot(), oldState, newState, $"after a kill before rollback.sh's journal record {record}");

                var again = Dash(Path.Join(set.Directory, "rollback.sh"), root);
                Assert.True(again.Code == 0, $"record {record}: second rollback.sh exit {again.Code}: {again.Stderr}");
                Assert.Equal(oldState, root.Snapshot());
                Assert.Equal(ChangeStates.RolledBack, Assert.Single(UpgradeStatusReader.Read(root.Path)).State);
            }
            Assert.True(killed >= 5, $"only {killed} kill points");
        }
        finally
        {
            TestPlans.Cleanup(planned);
        }
    }

    /// <summary>
    /// A tmpfs with room for the tree and part of one more image: the image backup fails half-way
    /// (fraction 0.5), or the backup fits and the generator's new image does not (1.5).
    /// </summary>
    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    public void ApplyScript_OnAFullDisk_FailsAndLeavesTheOldState(double spareImages)
    {
        string mount = Path.Join(Path.GetTempPath(), "nicdoctor-script-fulldisk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mount);
        long baseSize = Directory.EnumerateFiles(SandboxRoot.Base(), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        long imageSize = new FileInfo(Path.Join(SandboxRoot.Base(), "boot", $"initrd.img-{SandboxRoot.Kernel}")).Length;
        long size = baseSize + (long)(imageSize * spareImages);
        (int code, _, string stderr) = ExternalTool.Run("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", mount]);
        if (code != 0)
            Assert.Skip($"cannot mount a tmpfs here (needs root): {stderr.Trim()}");
        try
        {
            using SandboxRoot root = SandboxRoot.Create(under: mount);
            // The change set outside the tmpfs: only the target's file system is full.
            string output = Path.Join(Path.GetTempPath(), "nicdoctor-script-fulldisk-cs-" + Guid.NewGuid().ToString("N"));
            Assert.True(NicDoctor.Upgrade.Planning.UpgradePlanner.Plan(TestPlans.Request(root, output)).Succeeded);
            ChangeSet set = ChangeSet.Load(output);
            Dictionary<string, string> before = root.Snapshot();

            var apply = Dash(Path.Join(set.Directory, "apply.sh"), root);

            Assert.True(apply.Code == 1, $"exit {apply.Code}: {apply.Stderr}");
            Assert.Contains("rolling back", apply.Stderr, StringComparison.Ordinal);
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
