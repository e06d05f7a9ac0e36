using NicDoctor.Upgrade.HostFit;

namespace NicDoctor.Upgrade.Tests;

/// <summary>
/// The host-fit checker's findings on small images built here with GNU cpio from Debian's real
/// modules (the VM bench proves root-fs and storage-driver findings against a real boot): kernel
/// release, root=, lost modules, and which copy of the new driver early boot loads, the last
/// cross-checked with kmod's own resolution (<c>modprobe --show-depends</c>) of the same tree.
/// </summary>
public sealed class HostFitCheckerTests : IDisposable
{
    private static readonly string Kernel = SandboxRoot.Kernel;
    private static readonly string InBox = $"{SandboxRoot.HostModules}/{SandboxRoot.E1000eRelative}";
    private readonly string _dir = Directory.CreateTempSubdirectory("nicdoctor-hostfit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static HostProfile Host(string? rootArgument = null) => new()
    {
        Root = "/",
        KernelRelease = Kernel,
        BootRootArgument = rootArgument,
    };

    /// <summary>A tree under <c>NAME/</c>: each (path, source file or text) pair; returns the newc image of it.</summary>
    private string Image(string name, params (string Path, string Source)[] files)
    {
        string tree = Path.Join(_dir, name);
        foreach ((string path, string source) in files)
        {
            string target = Path.Join(tree, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (File.Exists(source))
                File.Copy(source, target);
            else
                File.WriteAllText(target, source);
        }
        string image = tree + ".img";
        ExternalTool.Ok("sh", "-c", "cd \"$0\" && find . | LC_ALL=C sort | cpio -o -H newc --quiet > \"$1\"", tree, image);
        return image;
    }

    private static string Modules(string release = "") => $"usr/lib/modules/{(release.Length > 0 ? release : Kernel)}";

    private static HostFitFinding Finding(HostFitReport report, string check) => Assert.Single(report.Findings, f => f.Check == check);

    [Fact]
    public void Modules_for_another_kernel_are_an_error()
    {
        string image = Image("other", ($"{Modules("5.10.0-99-amd64")}/{SandboxRoot.E1000eRelative}", InBox));
        HostFitReport report = HostFitChecker.Check(new HostFitRequest(image, Host()));
        Assert.False(report.Fits);
        HostFitFinding release = Finding(report, "kernel-release");
        Assert.Equal(HostFitSeverity.Error, release.Severity);
        Assert.Contains("5.10.0-99-amd64", release.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UUID=1111-2222", true)]
    [InlineData("/dev/sdb2", false)]
    public void A_root_argument_baked_into_the_image_must_be_this_hosts(string baked, bool fits)
    {
        string image = Image("cmdline" + fits, ($"{Modules()}/{SandboxRoot.E1000eRelative}", InBox), ("etc/cmdline.d/90root.conf", $"root={baked} rootflags=rw\n"));
        HostFitReport report = HostFitChecker.Check(new HostFitRequest(image, Host("UUID=1111-2222")));
        Assert.Equal(fits, report.Fits);
        Assert.Equal(fits ? HostFitSeverity.Info : HostFitSeverity.Error, Finding(report, "root-argument").Severity);
    }

    [Fact]
    public void A_module_the_current_image_had_and_the_new_one_lacks_is_an_error()
    {
        string i40e = Directory.GetFiles($"{SandboxRoot.HostModules}/kernel/drivers/net/ethernet/intel/i40e")[0];
        string current = Image("current", ($"{Modules()}/{SandboxRoot.E1000eRelative}", InBox), ($"{Modules()}/kernel/drivers/net/ethernet/intel/i40e/{Path.GetFileName(i40e)}", i40e));
        string candidate = Image("candidate", ($"{Modules()}/{SandboxRoot.E1000eRelative}", InBox));
        HostFitReport report = HostFitChecker.Check(new HostFitRequest(candidate, Host()) { CurrentImagePath = current });
        Assert.False(report.Fits);
        HostFitFinding lost = Finding(report, "lost-module");
        Assert.Equal(HostFitSeverity.Error, lost.Severity);
        Assert.EndsWith(": i40e", lost.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The in-box e1000e and the rebuilt one in updates/. With a modules.dep made by depmod after
    /// the update was installed, early boot loads updates/; with the one from before (an image whose
    /// generator copied the module but not the index), it loads the old driver.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_new_driver_is_the_copy_the_images_modules_dep_names(bool depmodAfterUpdate)
    {
        string staging = Path.Join(_dir, "staging");
        string moduleDir = Path.Join(staging, "lib", "modules", Kernel);
        Directory.CreateDirectory(Path.Join(moduleDir, Path.GetDirectoryName(SandboxRoot.E1000eRelative)!));
        File.Copy(InBox, Path.Join(moduleDir, SandboxRoot.E1000eRelative));
        if (!depmodAfterUpdate)
            ExternalTool.Ok("depmod", "-b", staging, Kernel);
        Directory.CreateDirectory(Path.Join(moduleDir, "updates"));
        File.Copy(SandboxRoot.RebuiltE1000e(), Path.Join(moduleDir, "updates", "e1000e.ko"));
        if (depmodAfterUpdate)
            ExternalTool.Ok("depmod", "-b", staging, Kernel);
        // kmod's answer for this tree: the file modprobe would insert.
        string kmod = ExternalTool.Ok("modprobe", "-d", staging, "-S", Kernel, "--show-depends", "e1000e").Trim();
        Assert.EndsWith(depmodAfterUpdate ? "/updates/e1000e.ko" : "/" + SandboxRoot.E1000eRelative, kmod, StringComparison.Ordinal);

        string image = Image("driver" + depmodAfterUpdate,
            ($"{Modules()}/{SandboxRoot.E1000eRelative}", InBox),
            ($"{Modules()}/updates/e1000e.ko", SandboxRoot.RebuiltE1000e()),
            ($"{Modules()}/modules.dep", Path.Join(moduleDir, "modules.dep")));
        HostFitReport report = HostFitChecker.Check(new HostFitRequest(image, Host()) { Driver = new ExpectedDriver("e1000e", SrcVersion: SandboxRoot.RebuiltSrcversion) });

        Assert.Equal(depmodAfterUpdate, report.Fits);
        HostFitFinding driver = Finding(report, "new-driver");
        Assert.Equal(depmodAfterUpdate ? HostFitSeverity.Info : HostFitSeverity.Error, driver.Severity);
        // The checker names the same file kmod resolved.
        Assert.Contains(kmod[(kmod.IndexOf($"/lib/modules/{Kernel}/", StringComparison.Ordinal) + 1)..], driver.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_modules_dep_updates_wins_and_a_dangling_entry_is_an_error()
    {
        string both = Image("nodep",
            ($"{Modules()}/{SandboxRoot.E1000eRelative}", InBox),
            ($"{Modules()}/updates/e1000e.ko", SandboxRoot.RebuiltE1000e()));
        var driver = new ExpectedDriver("e1000e", SrcVersion: SandboxRoot.RebuiltSrcversion);
        HostFitReport report = HostFitChecker.Check(new HostFitRequest(both, Host()) { Driver = driver });
        Assert.True(report.Fits, string.Join("\n", report.Findings));
        Assert.Contains("updates/e1000e.ko", Finding(report, "new-driver").Message, StringComparison.Ordinal);

        // modules.dep names extra/e1000e.ko, which is not in the image.
        string dangling = Image("dangling",
            ($"{Modules()}/updates/e1000e.ko", SandboxRoot.RebuiltE1000e()),
            ($"{Modules()}/modules.dep", "extra/e1000e.ko:\n"));
        report = HostFitChecker.Check(new HostFitRequest(dangling, Host()) { Driver = driver });
        Assert.False(report.Fits);
        Assert.Contains("cannot load it", Finding(report, "new-driver").Message, StringComparison.Ordinal);
    }
}
