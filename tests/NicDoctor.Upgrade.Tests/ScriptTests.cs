using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.Planning;
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

    /// <summary>
    /// With dracut's lsinitrd on PATH (as on CentOS/RHEL), apply.sh reads the new image's modules.dep.
    /// The generator is our repack adding updates/e1000e.ko to the host's image: without --depmod the
    /// image's index still names the in-box file, and apply.sh refuses and rolls back; with --depmod
    /// it passes. (lsinitrd shows only the first cpio of an image that is not dracut's early-cpio
    /// layout, so the prepend generator's image would fail on "lost modules" first.)
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ApplyScript_WithLsinitrd_ChecksWhichCopyTheImagesIndexNames(bool indexRegenerated)
    {
        using SandboxRoot root = SandboxRoot.Create();
        string tools = root.Path + ".bin";
        Directory.CreateDirectory(tools);
        try
        {
            (string lsinitrd, string dracutBase) = NicDoctor.VmBench.DracutInitramfs.Lsinitrd();
            File.WriteAllText(Path.Join(tools, "lsinitrd"), $"#!/bin/sh\nexec env dracutbasedir='{dracutBase}' bash '{lsinitrd}' \"$@\"\n");
            File.SetUnixFileMode(Path.Join(tools, "lsinitrd"), (UnixFileMode)0x1ED);
            string output = root.Path + ".changeset";
            PlanRequest request = TestPlans.Request(root, output) with
            {
                ImageGenerator = ["dotnet", Path.Combine(AppContext.BaseDirectory, "nicdoctor.dll"), "initramfs", "repack", "{current}", "{new}",
                    "--add", "{module}=usr/lib/modules/{kver}/updates/e1000e.ko", .. (indexRegenerated ? new[] { "--depmod" } : [])],
            };
            Assert.True(UpgradePlanner.Plan(request).Succeeded);
            ChangeSet set = ChangeSet.Load(output);
            Dictionary<string, string> before = root.Snapshot();

            var env = new Dictionary<string, string> { ["ROOT"] = root.Path, ["PATH"] = tools + ":" + Environment.GetEnvironmentVariable("PATH") };
            var apply = ExternalTool.Run("dash", [Path.Join(set.Directory, "apply.sh")], env);

            Assert.DoesNotContain("is not checked", apply.Stderr, StringComparison.Ordinal);
            if (indexRegenerated)
            {
                Assert.True(apply.Code == 0, apply.Stderr);
                var rollback = ExternalTool.Run("dash", [Path.Join(set.Directory, "rollback.sh")], env);
                Assert.True(rollback.Code == 0, rollback.Stderr);
            }
            else
            {
                Assert.Equal(1, apply.Code);
                Assert.True(apply.Stderr.Contains($"modules.dep names {SandboxRoot.E1000eRelative} for e1000e: early boot would load the old driver", StringComparison.Ordinal), apply.Stderr);
            }
            Assert.Equal(before, root.Snapshot());
        }
        finally
        {
            TestPlans.Cleanup(root);
            Directory.Delete(tools, recursive: true);
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
