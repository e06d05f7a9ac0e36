namespace NicDoctor.VmBench.Tests;

/// <summary>Finding the kernel to boot (no VM boot).</summary>
[Trait("Category", "vm")]
public sealed class DebianKernelTests
{
    [Fact]
    public void Located_kernel_image_belongs_to_its_linux_image_package()
    {
        var kernel = Bench.Kernel;

        // dpkg answers "linux-image-<release>: /boot/vmlinuz-<release>" (Debian ships .../-unsigned variants too).
        var owner = ExternalTool.Run("dpkg", ["-S", kernel.VmlinuzPath]).Stdout.Trim();

        Assert.StartsWith($"linux-image-{kernel.Release}", owner, StringComparison.Ordinal);
        Assert.EndsWith(": " + kernel.VmlinuzPath, owner, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(kernel.ModulesDirectory, "modules.dep")));
    }

    [Fact]
    public void Highest_release_with_both_image_and_modules_is_chosen()
    {
        using var scratch = new ScratchDirectory();
        var boot = Directory.CreateDirectory(scratch.File("boot")).FullName;
        var modules = Directory.CreateDirectory(scratch.File("modules")).FullName;
        foreach (var release in new[] { "6.1.0-9-amd64", "6.1.0-10-amd64", "6.1.0-11-amd64" })
            File.WriteAllText(Path.Combine(boot, "vmlinuz-" + release), "");
        // 6.1.0-11 has no module tree (half-removed package), so it cannot be booted with modules.
        foreach (var release in new[] { "6.1.0-9-amd64", "6.1.0-10-amd64" })
        {
            Directory.CreateDirectory(Path.Combine(modules, release));
            File.WriteAllText(Path.Combine(modules, release, "modules.dep"), "");
        }

        var kernel = DebianKernel.Locate(bootDirectory: boot, modulesRoot: modules);

        Assert.Equal("6.1.0-10-amd64", kernel.Release);
        Assert.Equal(Path.Combine(boot, "vmlinuz-6.1.0-10-amd64"), kernel.VmlinuzPath);
        Assert.Equal(Path.Combine(modules, "6.1.0-10-amd64"), kernel.ModulesDirectory);
    }

    [Fact]
    public void Missing_kernel_is_reported_with_the_paths_looked_for_and_the_package_to_install()
    {
        using var scratch = new ScratchDirectory();

        var e = Assert.Throws<FileNotFoundException>(() => DebianKernel.Locate(bootDirectory: scratch.Path, modulesRoot: scratch.Path));

        Assert.Contains($"{scratch.Path}/vmlinuz-<release>", e.Message, StringComparison.Ordinal);
        Assert.Contains("modules.dep", e.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install linux-image-amd64", e.Message, StringComparison.Ordinal);
    }
}
