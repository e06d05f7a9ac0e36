namespace NicDoctor.VmBench.Tests;

/// <summary>
/// Images made by Debian's real dracut (run unpacked, see <see cref="DracutInitramfs"/>): the layout
/// the seed's CentOS host had (an uncompressed early-microcode cpio, then the compressed main
/// archive), and a boot of such an image on the real kernel in which dracut's own /init runs our hook.
/// </summary>
[Trait("Category", "vm")]
public sealed class DracutInitramfsTests
{
    [Fact]
    public void Dracut_image_with_early_microcode_starts_with_an_uncompressed_cpio()
    {
        var image = DracutInitramfs.Build(Bench.Kernel, new DracutImageOptions { EarlyMicrocode = true });

        // GNU cpio reads the first archive only: the early one (the seed's "cpio -i stops early").
        var early = ExternalTool.Run("cpio", ["-t", "--quiet", "-F", image]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("kernel/x86/microcode/GenuineIntel.bin", early);
        Assert.DoesNotContain(early, name => name.EndsWith(".ko", StringComparison.Ordinal));

        // dracut's own lister (with skipcpio) sees the main archive and its modules.
        var lsinitrd = Path.Combine(TestCache.Root, "dracut-debian", "usr", "bin", "lsinitrd");
        var listing = ExternalTool.Run("bash", [lsinitrd, image],
            environment: new Dictionary<string, string> { ["dracutbasedir"] = Path.Combine(TestCache.Root, "dracut-debian", "usr", "lib", "dracut") }).Stdout;
        Assert.Contains("Early CPIO image", listing, StringComparison.Ordinal);
        Assert.Contains("kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko", listing, StringComparison.Ordinal);
        Assert.Contains("kernel/fs/ext4/ext4.ko", listing, StringComparison.Ordinal);
    }

    [Fact]
    public void Dracut_init_runs_a_hook_and_loads_the_image_s_e1000e()
    {
        var kernel = Bench.Kernel;
        var hook = DracutInitramfs.Hook("pre-udev", """
            ndtest pid=$$
            modprobe e1000e
            # In-tree modules carry no srcversion; the GNU build-id note identifies the loaded file.
            ndtest build_id=$(busybox od -An -tx1 -j16 /sys/module/e1000e/notes/.note.gnu.build-id | busybox tr -d ' \n')
            ndtest ifaces=$(busybox ls /sys/class/net | busybox tr '\n' ' ')
            """);
        var image = DracutInitramfs.Build(kernel, new DracutImageOptions
        {
            EarlyMicrocode = true,
            Includes = [hook, (GuestInitramfs.DefaultBusyboxPath, "/usr/bin/busybox")],
        });

        // dracut's cmdline stage insists on a root= before pre-udev; the hook powers off long before
        // anything waits for /dev/vda. rd.shell=0: no interactive shell if something fails.
        var result = Bench.Boot(new VmBootRequest(kernel, image)
        {
            Nic = VmNic.E1000e,
            Append = "root=/dev/vda rd.shell=0",
            Timeout = TimeSpan.FromSeconds(120),
        }).EnsureDone();

        Assert.DoesNotContain("Initramfs unpacking failed", result.SerialLog, StringComparison.Ordinal);
        Assert.Equal("pre-udev", result.Marker("hook"));
        Assert.Equal("1", result.Marker("pid"));
        var module = ExternalTool.Run("modinfo", ["-k", kernel.Release, "-n", "e1000e"]).Stdout.Trim();
        var notes = ExternalTool.Run("readelf", ["-n", module]).Stdout;
        var buildId = notes.Split('\n').Single(l => l.Contains("Build ID:", StringComparison.Ordinal)).Split(':')[1].Trim();
        Assert.Equal(buildId, result.Marker("build_id"));
        Assert.Equal("eth0 lo", result.Marker("ifaces"));
    }
}
