using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.Entries;
using NicDoctor.Upgrade.State;

namespace NicDoctor.Upgrade.Tests;

/// <summary>
/// The native apply, rollback and confirm killed before each journal record in turn (the operation
/// the record describes done, the record not written: the worst moment), with each boot loader the
/// sandbox can hold: none, RHEL 8 BLS, CentOS 6 grub.conf, Debian GRUB 2 through the real
/// grub-mkconfig, and Debian's trial boot. Every file is always the old or the new one; rollback
/// (native, or rollback.sh under dash) then gives back the old tree byte for byte.
/// </summary>
public sealed class JournalFaultTests
{
    private const int MaxRecords = 200;

    public static TheoryData<string> Loaders => new(["none", "none/rollback.sh", "rhel8", "centos6", "debian", "debian/trial"]);

    private static IFallbackBootEntry AddLoader(SandboxRoot root, string loader)
    {
        switch (loader.Split('/')[0])
        {
            case "none":
                return new BootLoaderEntries();
            case "debian":
                return new BootLoaderEntries(BootSandbox.AddDebianGrub(root));
            default:
                BootSandbox.AddFixture(root, loader);
                return new BootLoaderEntries();
        }
    }

    private static ApplyOptions Options(SandboxRoot root, IFallbackBootEntry entries, string loader, int killAt = 0) =>
        TestPlans.Options(root) with
        {
            BootEntries = entries,
            TrialBoot = loader.EndsWith("/trial", StringComparison.Ordinal),
            BeforeJournalRecord = killAt == 0 ? null : n =>
            {
                if (n == killAt)
                    throw new OperationCanceledException($"simulated kill before journal record {n}");
            },
        };

    private static void AssertOldOrNew(Dictionary<string, string> state, Dictionary<string, string> oldState, Dictionary<string, string> newState, string when)
    {
        foreach ((string path, string sha) in state)
        {
            bool old = oldState.TryGetValue(path, out string? o) && o == sha;
            bool fresh = newState.TryGetValue(path, out string? n) && n == sha;
            Assert.True(old || fresh, $"{path} {when} is neither the old nor the new file");
        }
    }

    /// <summary>Plans on one root and applies it there completely: the change set and the new state.</summary>
    private static (ChangeSet Set, Dictionary<string, string> New) Reference(SandboxRoot planned, string loader)
    {
        IFallbackBootEntry entries = AddLoader(planned, loader);
        ChangeSet set = TestPlans.Plan(planned);
        ChangeSetApplier.Apply(set, Options(planned, entries, loader));
        return (set, planned.Snapshot());
    }

    [Theory]
    [MemberData(nameof(Loaders))]
    public void Apply_KilledBeforeEachJournalRecord_LeavesOldOrNewFiles_AndRollbackRestoresAll(string loader)
    {
        using SandboxRoot planned = SandboxRoot.Create();
        try
        {
            (ChangeSet set, var newState) = Reference(planned, loader);
            int killed = 0;
            for (int record = 1; record <= MaxRecords; record++)
            {
                using SandboxRoot root = SandboxRoot.Create();
                IFallbackBootEntry entries = AddLoader(root, loader);
                Dictionary<string, string> oldState = root.Snapshot();
                try
                {
                    ChangeSetApplier.Apply(set, Options(root, entries, loader, record));
                    Assert.Equal(newState, root.Snapshot());
                    break;
                }
                catch (OperationCanceledException)
                {
                    killed++;
                }
                AssertOldOrNew(root.Snapshot(), oldState, newState, $"after a kill before apply's journal record {record}");

                if (loader.EndsWith("/rollback.sh", StringComparison.Ordinal))
                {
                    var script = ExternalTool.Run("dash", [Path.Join(set.Directory, "rollback.sh")], new Dictionary<string, string> { ["ROOT"] = root.Path });
                    Assert.True(script.Code == 0, $"record {record}: rollback.sh exit {script.Code}: {script.Stderr}");
                }
                else
                {
                    RollbackResult undone = ChangeSetRollback.Rollback(set.Plan, Options(root, entries, loader));
                    Assert.True(undone.LeftAlone.Count == 0, $"record {record}: left alone: {string.Join(", ", undone.LeftAlone)}");
                }
                Assert.Equal(oldState, root.Snapshot());
            }
            Assert.True(killed >= 15, $"only {killed} kill points");
        }
        finally
        {
            TestPlans.Cleanup(planned);
        }
    }

    [Theory]
    [InlineData("none")]
    [InlineData("rhel8")]
    [InlineData("debian")]
    public void Rollback_KilledBeforeEachJournalRecord_LeavesOldOrNewFiles_AndARerunRestoresAll(string loader)
    {
        using SandboxRoot planned = SandboxRoot.Create();
        try
        {
            (ChangeSet set, var newState) = Reference(planned, loader);
            int killed = 0;
            for (int record = 1; record <= MaxRecords; record++)
            {
                using SandboxRoot root = SandboxRoot.Create();
                IFallbackBootEntry entries = AddLoader(root, loader);
                Dictionary<string, string> oldState = root.Snapshot();
                ChangeSetApplier.Apply(set, Options(root, entries, loader));
                try
                {
                    ChangeSetRollback.Rollback(set.Plan, Options(root, entries, loader, record));
                    Assert.Equal(oldState, root.Snapshot());
                    break;
                }
                catch (OperationCanceledException)
                {
                    killed++;
                }
                AssertOldOrNew(root.Snapshot(), oldState, newState, $"after a kill before rollback's journal record {record}");

                RollbackResult again = ChangeSetRollback.Rollback(set.Plan, Options(root, entries, loader));

                Assert.True(again.LeftAlone.Count == 0, $"record {record}: left alone: {string.Join(", ", again.LeftAlone)}");
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
    /// Debian trial boot: after the trial (GRUB consumed next_entry), confirm is killed before each of
    /// its records; rollback still returns every file byte-identical except grubenv, which GRUB rewrote.
    /// </summary>
    [Fact]
    public void Confirm_KilledBeforeEachJournalRecord_RollbackRestoresAll()
    {
        const string Loader = "debian/trial";
        int killed = 0;
        for (int record = 1; record <= MaxRecords; record++)
        {
            using SandboxRoot root = SandboxRoot.Create();
            try
            {
                IFallbackBootEntry entries = AddLoader(root, Loader);
                ChangeSet set = TestPlans.Plan(root);
                Dictionary<string, string> oldState = root.Snapshot();
                ChangeSetApplier.Apply(set, Options(root, entries, Loader));
                ExternalTool.Ok("grub-editenv", Path.Join(root.Path, "boot/grub/grubenv"), "set", "next_entry=");
                bool done = false;
                try
                {
                    ChangeSetConfirm.Confirm(set.Plan, Options(root, entries, Loader, record));
                    done = true;
                }
                catch (OperationCanceledException)
                {
                    killed++;
                }

                RollbackResult undone = ChangeSetRollback.Rollback(set.Plan, Options(root, entries, Loader));

                Assert.True(undone.LeftAlone.Count == 0, $"record {record}: left alone: {string.Join(", ", undone.LeftAlone)}");
                Dictionary<string, string> after = root.Snapshot();
                Assert.Equal(oldState.Where(kv => kv.Key != "boot/grub/grubenv"), after.Where(kv => kv.Key != "boot/grub/grubenv"));
                if (done)
                    break;
            }
            finally
            {
                TestPlans.Cleanup(root);
            }
        }
        Assert.True(killed >= 3, $"only {killed} kill points");
    }
}
