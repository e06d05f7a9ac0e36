namespace NicDoctor.VmBench.Tests;

/// <summary>The bench's modules.dep reading agrees with kmod's <c>modprobe --show-depends</c> (no VM boot).</summary>
[Trait("Category", "vm")]
public sealed class ModulesDepTests
{
    [Theory]
    [InlineData("e1000e")]
    [InlineData("virtio_net")]
    [InlineData("virtio_blk")]
    [InlineData("virtio-pci")]
    [InlineData("ptp")]
    public void Load_order_matches_modprobe_show_depends(string module)
    {
        var kernel = Bench.Kernel;
        var expected = ModprobeShowDepends(kernel, module);

        var actual = ModulesDep.Load(kernel).LoadOrder(module).Select(p => Path.Combine(kernel.ModulesDirectory, p));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Several_modules_share_their_dependencies_once_in_modprobe_order()
    {
        var kernel = Bench.Kernel;
        string[] modules = ["virtio_pci", "virtio_net", "virtio_blk"];
        // modprobe -a prints each module's chain in turn; a module already loaded is not loaded again.
        var expected = modules.SelectMany(m => ModprobeShowDepends(kernel, m)).Distinct();

        var actual = ModulesDep.Load(kernel).LoadOrder(modules).Select(p => Path.Combine(kernel.ModulesDirectory, p));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Unknown_module_is_reported_with_the_file_it_was_looked_up_in()
    {
        var kernel = Bench.Kernel;

        var e = Assert.Throws<KeyNotFoundException>(() => ModulesDep.Load(kernel).LoadOrder("no_such_module_xyz"));

        Assert.Contains(kernel.ModulesDepPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_module_xyz", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The module files modprobe would insmod, in order (builtin modules print "builtin X" and need none).</summary>
    private static List<string> ModprobeShowDepends(DebianKernel kernel, string module) =>
        ExternalTool.Run(ExternalTool.Which("modprobe") ?? "modprobe", ["--show-depends", "-S", kernel.Release, module]).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("insmod ", StringComparison.Ordinal))
            .Select(l => l["insmod ".Length..].Trim())
            .ToList();
}
