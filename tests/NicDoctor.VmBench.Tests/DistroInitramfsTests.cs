using System.Security.Cryptography;

namespace NicDoctor.VmBench.Tests;

/// <summary>
/// Images made by the distribution's own generator (initramfs-tools' mkinitramfs) boot on the real
/// kernel, and their /init — not ours — gets to run. Two methods: an appended hook (the image is
/// extended, not modified) and the <c>break=top</c> command-line option (the image is untouched).
/// </summary>
[Trait("Category", "vm")]
public sealed class DistroInitramfsTests
{
    private const string DistroInit = "/usr/share/initramfs-tools/init";

    [Fact]
    public void Hook_appended_to_a_mkinitramfs_image_runs_inside_its_init()
    {
        var kernel = Bench.Kernel;
        using var scratch = new ScratchDirectory();
        var image = DistroInitramfs.MkInitramfs(kernel, "e1000e");
        var hook = DistroInitramfs.InitramfsToolsHook("""
            ndtest pid=$$
            ndtest init_sha256=$(sha256sum /init | cut -d ' ' -f 1)
            ndtest modules=$(find /lib/modules -name '*.ko*' | wc -l)
            ndtest initramfs_conf=$([ -f /conf/initramfs.conf ] && echo yes)
            """);
        DistroInitramfs.AppendOverlay(image, hook, scratch.File("initrd-with-hook.img"));

        var result = Bench.Boot(new VmBootRequest(kernel, scratch.File("initrd-with-hook.img"))).EnsureDone();

        // The kernel unpacked both parts (an unaligned or broken second part is reported, and then ignored).
        Assert.DoesNotContain("Initramfs unpacking failed", result.SerialLog, StringComparison.Ordinal);
        Assert.Equal("conf.d", result.Marker("hook"));
        // Sourced by PID 1, whose /init is initramfs-tools' own file, copied verbatim by mkinitramfs.
        Assert.Equal("1", result.Marker("pid"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(DistroInit))), result.Marker("init_sha256"));
        Assert.Equal("yes", result.Marker("initramfs_conf"));
        // The guest sees the image's modules as initramfs-tools' own lister sees them.
        var listed = ExternalTool.Run("lsinitramfs", [image]).Stdout
            .Split('\n').Count(l => Path.GetFileName(l).Contains(".ko", StringComparison.Ordinal));
        Assert.Equal(listed.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Marker("modules"));
    }

    [Fact]
    public void Unmodified_mkinitramfs_image_reaches_break_top_of_its_init()
    {
        var kernel = Bench.Kernel;
        var image = DistroInitramfs.MkInitramfs(kernel, "e1000e");

        // break=top makes initramfs-tools' /init call its panic() before init-top scripts; with the
        // kernel's panic=-1 on the command line, that panic() reboots at once instead of opening a shell,
        // and -no-reboot turns the reboot into QEMU's exit.
        var result = Bench.Boot(new VmBootRequest(kernel, image) { Append = "break=top" });

        Assert.False(result.TimedOut, result.DescribeFailure());
        Assert.Equal(0, result.ExitCode);
        var log = result.SerialLog;
        Assert.DoesNotContain("Initramfs unpacking failed", log, StringComparison.Ordinal);
        Assert.Contains("Spawning shell within the initramfs", log, StringComparison.Ordinal);
        Assert.Contains("Rebooting automatically due to panic= boot argument", log, StringComparison.Ordinal);
        // No kernel panic: the reboot came from the distribution's /init, not from a failed init.
        Assert.DoesNotContain("Kernel panic", log, StringComparison.Ordinal);
    }
}
