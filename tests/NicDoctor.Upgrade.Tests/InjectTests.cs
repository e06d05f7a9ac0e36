using NicDoctor.Initramfs.Diff;
using NicDoctor.Initramfs.Repack;
using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.Images;
using NicDoctor.Upgrade.Planning;

namespace NicDoctor.Upgrade.Tests;

/// <summary>
/// The inject strategy on Debian's real initrd (made by mkinitramfs): only the driver's entry
/// changes, at the same path; cross-checked with the engine's diff, lsinitramfs and unmkinitramfs
/// plus diff -r. A driver stored as .ko.xz stays .ko.xz (xz -t and xz -dc check it).
/// </summary>
public sealed class InjectTests : IDisposable
{
    private readonly SandboxRoot _root = SandboxRoot.Create();

    public void Dispose()
    {
        TestPlans.Cleanup(_root);
        _root.Dispose();
    }

    private ChangeSet PlanInject()
    {
        string output = _root.Path + ".changeset";
        PlanOutcome outcome = UpgradePlanner.Plan(TestPlans.Request(_root, output) with { ImageGenerator = null, ImageStrategy = "inject" });
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Checks.Select(c => $"{c.Name}: {c.Detail}")));
        Assert.Contains("inject (repack of this image", outcome.Checks[^1].Detail, StringComparison.Ordinal);
        return ChangeSet.Load(output);
    }

    private static string ImageE1000e(string image) =>
        Assert.Single(ExternalTool.Ok("lsinitramfs", image).Split('\n'), l => l.EndsWith("/e1000e.ko", StringComparison.Ordinal) || l.EndsWith("/e1000e.ko.xz", StringComparison.Ordinal));

    [Fact]
    public void Apply_Inject_ReplacesOnlyTheDriverEntry_AtItsPath_RollbackRestoresTheImage()
    {
        ChangeSet set = PlanInject();
        Assert.Equal("inject", set.Plan.BootImage!.Strategy);
        Dictionary<string, string> before = _root.Snapshot();
        string original = Path.Join(_root.Path, set.Plan.BootImage.BackupPath);
        string stored = ImageE1000e(_root.Image);

        ChangeSetApplier.Apply(set, TestPlans.Options(_root));

        // The engine's diff: one entry changed, its data only; nothing added or removed.
        ImageDifference diff = InitramfsDiff.Compare(original, _root.Image);
        EntryDifference changed = Assert.Single(diff.Differences);
        Assert.Equal(ArchivePath.Normalize(stored), changed.Path);
        Assert.Equal(DifferenceKind.Changed, changed.Kind);
        Assert.Equal(diff.EntriesBefore, diff.EntriesAfter);
        // Cross-check with initramfs-tools: the same listing, and unpacked trees differ in that file only.
        Assert.Equal(ExternalTool.Ok("lsinitramfs", original), ExternalTool.Ok("lsinitramfs", _root.Image));
        string a = Path.Join(_root.Path, "x-old");
        string b = Path.Join(_root.Path, "x-new");
        ExternalTool.Ok("unmkinitramfs", original, a);
        ExternalTool.Ok("unmkinitramfs", _root.Image, b);
        (int code, string stdout, _) = ExternalTool.Run("diff", ["-rq", "--no-dereference", a, b]);
        Assert.Equal(1, code);
        string only = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"Files {Path.Join(a, stored)} and {Path.Join(b, stored)} differ", only);
        string unpacked = Path.Join(b, stored);
        Assert.Equal(ExternalTool.Sha256Sum(SandboxRoot.RebuiltE1000e()), ExternalTool.Sha256Sum(unpacked));
        Assert.Equal(SandboxRoot.RebuiltSrcversion, ExternalTool.Ok("modinfo", "-F", "srcversion", unpacked).Trim());
        Directory.Delete(a, true);
        Directory.Delete(b, true);

        ChangeSetRollback.Rollback(set.Plan, TestPlans.Options(_root));

        Assert.Equal(before, _root.Snapshot());
    }

    [Fact]
    public void Apply_Inject_RefusesAnImageThatIsNotTheOneThePlanWasMadeAgainst()
    {
        ChangeSet set = PlanInject();
        // Another host's image of the same kernel: the real image with one byte of the tail changed.
        byte[] bytes = File.ReadAllBytes(_root.Image);
        bytes[^1] ^= 0xFF;
        File.Delete(_root.Image);
        File.WriteAllBytes(_root.Image, bytes);

        var refused = Assert.Throws<UpgradeRefusedException>(() => ChangeSetApplier.Apply(set, TestPlans.Options(_root)));

        Assert.Equal("verify-preconditions", refused.Check);
    }

    [Fact]
    public void ApplyScript_OfAnInjectPlan_RefusesBeforeTouchingAnything()
    {
        ChangeSet set = PlanInject();
        Dictionary<string, string> before = _root.Snapshot(includeState: true);

        (int code, _, string stderr) = ExternalTool.Run("dash", [Path.Join(set.Directory, "apply.sh")], new Dictionary<string, string> { ["ROOT"] = _root.Path });

        Assert.Equal(1, code);
        Assert.Contains("--image-strategy rebuild", stderr, StringComparison.Ordinal);
        Assert.Equal(before, _root.Snapshot(includeState: true));
    }

    [Fact]
    public void Inject_IntoAnImageHoldingTheDriverAsKoXz_StoresItAsKoXz_WithTheKernelsCrc32Check()
    {
        // Debian 12 ships modules uncompressed; make the image hold e1000e.ko.xz (as Debian 13, RHEL 9 do) with the real xz.
        string xz = Path.Join(_root.Path, "e1000e.ko.xz");
        ExternalTool.Ok("sh", "-c", "xz --check=crc32 -c \"$1\" > \"$2\"", "sh", Path.Join(_root.ModulesDir, SandboxRoot.E1000eRelative), xz);
        string stored = ImageE1000e(_root.Image);
        string start = Path.Join(_root.Path, "boot/xz-start.img");
        InitramfsRepacker.Repack(_root.Image, start, new RepackOptions { Changes = [new EntryChange(EntryChangeKind.Replace, stored, xz)] });
        string storedXz = ImageE1000e(start);
        Assert.EndsWith(".ko.xz", storedXz, StringComparison.Ordinal);
        string fresh = Path.Join(_root.Path, "boot/xz-new.img");

        new InjectImageStrategy().Build(new BootImageBuildRequest(_root.Path, SandboxRoot.Kernel, start, fresh, "e1000e", SandboxRoot.RebuiltE1000e(), []));

        Assert.Equal(storedXz, ImageE1000e(fresh));
        EntryDifference changed = Assert.Single(InitramfsDiff.Compare(start, fresh).Differences);
        Assert.Equal(ArchivePath.Normalize(storedXz), changed.Path);
        string unpacked = Path.Join(_root.Path, "x");
        ExternalTool.Ok("unmkinitramfs", fresh, unpacked);
        string file = Path.Join(unpacked, storedXz);
        Assert.Contains("CRC32", ExternalTool.Ok("xz", "--robot", "--list", file), StringComparison.Ordinal);
        ExternalTool.Ok("sh", "-c", "xz -dc \"$1\" > \"$2\"", "sh", file, file + ".ko");
        Assert.Equal(ExternalTool.Sha256Sum(SandboxRoot.RebuiltE1000e()), ExternalTool.Sha256Sum(file + ".ko"));
    }

    [Fact]
    public void Plan_RefusesInject_WhenTheNewModuleHasAliasesTheImageDoesNotKnow()
    {
        // The rebuilt e1000e with one alias rewritten (same length) to a PCI id the in-box module lacks.
        byte[] data = File.ReadAllBytes(SandboxRoot.RebuiltE1000e());
        byte[] alias = System.Text.Encoding.ASCII.GetBytes("alias=pci:v00008086d");
        int at = data.AsSpan().IndexOf(alias);
        Assert.True(at > 0);
        System.Text.Encoding.ASCII.GetBytes("alias=pci:v0000FFFFd").CopyTo(data, at);
        string module = Path.Join(_root.Path, "e1000e-new-id.ko");
        File.WriteAllBytes(module, data);
        string output = _root.Path + ".changeset";

        PlanOutcome outcome = UpgradePlanner.Plan(TestPlans.Request(_root, output, module) with { ImageGenerator = null, ImageStrategy = "inject" });

        Assert.False(outcome.Succeeded);
        Assert.Equal("boot-image", outcome.Checks[^1].Name);
        Assert.Contains("modules.alias", outcome.Checks[^1].Detail, StringComparison.Ordinal);
        Assert.Contains("pci:v0000FFFFd", outcome.Checks[^1].Detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }
}
