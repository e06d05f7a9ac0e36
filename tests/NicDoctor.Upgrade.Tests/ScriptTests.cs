using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.State;

namespace NicDoctor.Upgrade.Tests;

/// <summary>
/// The generated apply.sh/rollback.sh run under dash and busybox sh against a sandbox root
/// (ROOT=...), reach the same state as the native apply, and roll back byte-identical.
/// </summary>
public sealed class ScriptTests
{
    public static TheoryData<string> Shells => new(["dash", "busybox sh"]);

    private static (int Code, string Stdout, string Stderr) RunScript(string shell, string script, SandboxRoot root, string? failAfter = null, params string[] args)
    {
        string[] words = shell.Split(' ');
        var env = new Dictionary<string, string> { ["ROOT"] = root.Path, ["NICDOCTOR_FAIL_AFTER"] = failAfter ?? string.Empty };
        return ExternalTool.Run(words[0], [.. words.Skip(1), script, .. args], env);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public void ApplyScript_ReachesTheNativeState_AndRollbackScriptRestoresIt(string shell)
    {
        using SandboxRoot native = SandboxRoot.Create();
        using SandboxRoot root = SandboxRoot.Create();
        try
        {
            ChangeSetApplier.Apply(TestPlans.Plan(native), TestPlans.Options(native));
            Dictionary<string, string> nativeState = native.Snapshot();
            ChangeSet set = TestPlans.Plan(root);
            Dictionary<string, string> before = root.Snapshot();

            var apply = RunScript(shell, Path.Join(set.Directory, "apply.sh"), root);
            Assert.True(apply.Code == 0, apply.Stderr);
            Assert.Equal(ChangeStates.Applied, Assert.Single(UpgradeStatusReader.Read(root.Path)).State);
            Dictionary<string, string> applied = root.Snapshot();
            Assert.Equal(nativeState[set.Plan.InstallPath], applied[set.Plan.InstallPath]);
            Assert.Equal(before[set.Plan.BootImage!.Path], applied[set.Plan.BootImage.BackupPath]);
            Assert.Contains($"lib/modules/{SandboxRoot.Kernel}/updates/e1000e.ko", ExternalTool.Ok("lsinitramfs", root.Image));
            if (shell == "dash")
            {
                // kmod's depmod: the same indexes as the native apply; modprobe resolves updates/.
                Assert.Equal(nativeState, applied);
                Assert.Contains("updates/e1000e.ko", ExternalTool.Ok("modprobe", "-d", root.Path, "-S", SandboxRoot.Kernel, "--show-depends", "e1000e"));
            }
            else
            {
                // busybox sh runs its own applets, depmod included: it writes only the text modules.dep.
                Assert.StartsWith("updates/e1000e.ko:", File.ReadAllText(Path.Join(root.ModulesDir, "modules.dep")), StringComparison.Ordinal);
            }

            var rollback = RunScript(shell, Path.Join(set.Directory, "rollback.sh"), root);
            Assert.True(rollback.Code == 0, rollback.Stderr);
            Assert.Equal(before, root.Snapshot());
            Assert.Equal(ChangeStates.RolledBack, Assert.Single(UpgradeStatusReader.Read(root.Path)).State);
        }
        finally
        {
            TestPlans.Cleanup(native);
            TestPlans.Cleanup(root);
        }
    }

    [Theory]
    [InlineData("backup")]
    [InlineData("install-module")]
    [InlineData("depmod")]
    [InlineData("boot-image")]
    public void ApplyScript_KilledAfterStep_NativeRollbackRestores(string step)
    {
        using SandboxRoot root = SandboxRoot.Create();
        try
        {
            ChangeSet set = TestPlans.Plan(root);
            Dictionary<string, string> before = root.Snapshot();

            var apply = RunScript("dash", Path.Join(set.Directory, "apply.sh"), root, failAfter: step);
            Assert.Equal(137, apply.Code);
            Assert.Equal(ChangeStates.Interrupted, Assert.Single(UpgradeStatusReader.Read(root.Path)).State);

            ChangeSetRollback.Rollback(set.Plan, TestPlans.Options(root));
            Assert.Equal(before, root.Snapshot());
        }
        finally
        {
            TestPlans.Cleanup(root);
        }
    }

    [Fact]
    public void ApplyScript_RefusesAChangedImage_BeforeTouchingAnything()
    {
        using SandboxRoot root = SandboxRoot.Create();
        try
        {
            ChangeSet set = TestPlans.Plan(root);
            File.Delete(root.Image);
            File.WriteAllText(root.Image, "another host's image\n");
            Dictionary<string, string> before = root.Snapshot(includeState: true);

            var apply = RunScript("busybox sh", Path.Join(set.Directory, "apply.sh"), root);

            Assert.Equal(1, apply.Code);
            Assert.Contains("the plan was made against", apply.Stderr, StringComparison.Ordinal);
            Assert.Equal(before, root.Snapshot(includeState: true));
        }
        finally
        {
            TestPlans.Cleanup(root);
        }
    }
}
