using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.Boot;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.State;

namespace NicDoctor.Upgrade.Tests;

/// <summary>
/// apply.sh adds the fallback entry without nicdoctor where it can (a BLS copy of the kernel's own
/// entry; grubby on a live CentOS 6/7 root) and otherwise prints the GRUB-prompt steps; rollback.sh
/// and the native rollback take the entry away byte-identically.
/// </summary>
public sealed class ScriptBootEntryTests
{
    private const string MachineId = "0f3c1a7e9b2d4c6e8a0b1c2d3e4f5a6b";

    private static (int Code, string Stdout, string Stderr) RunScript(string shell, string script, SandboxRoot root)
    {
        string[] words = shell.Split(' ');
        return ExternalTool.Run(words[0], [.. words.Skip(1), script], new Dictionary<string, string> { ["ROOT"] = root.Path, ["NICDOCTOR_FAIL_AFTER"] = "" });
    }

    // RHEL 8 fixture plus the entry kernel-install writes for the sandbox's kernel (the fixture's own 4.18 entries stay).
    private static void AddRhelWithKernelEntry(SandboxRoot root)
    {
        BootSandbox.AddFixture(root, "rhel8");
        File.WriteAllText(Path.Join(root.Path, $"boot/loader/entries/{MachineId}-{SandboxRoot.Kernel}.conf"),
            $"title Red Hat Enterprise Linux ({SandboxRoot.Kernel}) 8.10 (Ootpa)\nversion {SandboxRoot.Kernel}\nlinux /vmlinuz-{SandboxRoot.Kernel}\n" +
            $"initrd /initrd.img-{SandboxRoot.Kernel} $tuned_initrd\noptions $kernelopts $tuned_params\nid rhel-20261125000000-{SandboxRoot.Kernel}\ngrub_users $grub_users\ngrub_arg --unrestricted\ngrub_class kernel\n");
    }

    [Theory]
    [MemberData(nameof(ScriptTests.Shells), MemberType = typeof(ScriptTests))]
    public void ApplyScript_OnABlsHost_WritesTheFallbackEntry_RollbackScriptRemovesIt(string shell)
    {
        using SandboxRoot root = SandboxRoot.Create();
        try
        {
            AddRhelWithKernelEntry(root);
            ChangeSet set = TestPlans.Plan(root);
            Dictionary<string, string> before = root.Snapshot();

            var apply = RunScript(shell, Path.Join(set.Directory, "apply.sh"), root);

            Assert.True(apply.Code == 0, apply.Stderr);
            string file = $"boot/loader/entries/{MachineId}-{SandboxRoot.Kernel}-nicdoctor-fallback.conf";
            string backupName = Path.GetFileName(set.Plan.BootImage!.BackupPath);
            Assert.Contains($"initrd /{backupName} $tuned_initrd\n", File.ReadAllText(Path.Join(root.Path, file)), StringComparison.Ordinal);
            // The native reader sees it as GRUB's blscfg would: its own id, the backup image, the kernel's options.
            BootEntry entry = Assert.Single(BootConfigReader.Read(root.Path).Entries, e => e.Id == $"{MachineId}-{SandboxRoot.Kernel}-nicdoctor-fallback");
            Assert.Equal($"/boot/{backupName}", entry.Initrds[0].HostPath);
            Assert.Equal(ExternalTool.Sha256Sum(Path.Join(root.Path, set.Plan.BootImage.BackupPath)), entry.Initrds[0].Sha256);
            Assert.EndsWith($"(nicdoctor fallback: {backupName})", entry.Title, StringComparison.Ordinal);
            IReadOnlyList<JournalEntry> journal = new ChangeJournal(ChangeSetLayout.StateDirectory(root.Path, set.Plan.Id)).Read();
            Assert.Contains(journal, e => e.Event == JournalEvents.BootEntry && e.Path == file);

            var rollback = RunScript(shell, Path.Join(set.Directory, "rollback.sh"), root);

            Assert.True(rollback.Code == 0, rollback.Stderr);
            Assert.Equal(before, root.Snapshot());
        }
        finally
        {
            TestPlans.Cleanup(root);
        }
    }

    [Fact]
    public void ApplyScriptsEntry_IsRemovedByTheNativeRollback()
    {
        using SandboxRoot root = SandboxRoot.Create();
        try
        {
            AddRhelWithKernelEntry(root);
            ChangeSet set = TestPlans.Plan(root);
            Dictionary<string, string> before = root.Snapshot();
            Assert.True(RunScript("dash", Path.Join(set.Directory, "apply.sh"), root).Code == 0);

            RollbackResult result = ChangeSetRollback.Rollback(set.Plan, TestPlans.Options(root));

            Assert.Empty(result.LeftAlone);
            Assert.Equal(before, root.Snapshot());
        }
        finally
        {
            TestPlans.Cleanup(root);
        }
    }

    [Fact]
    public void ApplyScript_WithoutBlsOrGrubby_JournalsTheSkip_AndPrintsTheGrubPromptSteps()
    {
        using SandboxRoot root = SandboxRoot.Create();
        try
        {
            ChangeSet set = TestPlans.Plan(root);

            var apply = RunScript("dash", Path.Join(set.Directory, "apply.sh"), root);

            Assert.True(apply.Code == 0, apply.Stderr);
            string backupName = Path.GetFileName(set.Plan.BootImage!.BackupPath);
            Assert.Contains($"change its initrd line to /{backupName}", apply.Stderr, StringComparison.Ordinal);
            Assert.Contains("Ctrl-X", apply.Stderr, StringComparison.Ordinal);
            Assert.Contains(new ChangeJournal(ChangeSetLayout.StateDirectory(root.Path, set.Plan.Id)).Read(), e => e.Event == JournalEvents.BootEntrySkipped);
        }
        finally
        {
            TestPlans.Cleanup(root);
        }
    }
}
