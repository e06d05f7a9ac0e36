using NicDoctor.Upgrade.HostFit;

namespace NicDoctor.VmBench.Tests;

/// <summary>
/// The seed's disaster, caught before the reboot: a dracut image of the real kernel that carries
/// ext4 and virtio_blk boots the ext4 root disk on virtio and passes the host-fit check; the same
/// image built without them is flagged by the check AND really cannot mount root in the VM.
/// </summary>
[Trait("Category", "vm")]
public sealed class HostFitBootTests
{
    // Quick, visible failure: dracut gives up after rd.retry seconds and, with rd.shell=0, ends
    // (kernel panic, QEMU exits) instead of waiting 180 s in an emergency shell.
    // no_timer_check: under a loaded TCG host the kernel's IO-APIC timer check can panic spuriously.
    private const string RootArguments = "no_timer_check root=/dev/vda rootfstype=ext4 rd.retry=4 rd.timeout=8 rd.shell=0";

    [Fact]
    public void Generic_dracut_image_boots_the_ext4_root_and_fits_the_guest()
    {
        var kernel = Bench.Kernel;
        string image = DracutInitramfs.Build(kernel, new DracutImageOptions());
        using var guest = GuestHostTree.VirtioExt4(kernel);

        HostFitReport report = HostFitChecker.Check(new HostFitRequest(image, HostProfile.Read(guest.Root, kernel.Release)));

        Assert.True(report.Fits, string.Join('\n', report.Findings));
        Assert.Contains(report.Findings, f => f.Check == "root-fs-module" && f.Message.StartsWith("ext4 is in the image", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Check == "storage-driver" && f.Message.StartsWith("virtio_blk is in the image", StringComparison.Ordinal));

        var result = BootWithRootDisk(kernel, image).EnsureDone();
        Assert.Equal("mounted", result.Marker(RootDisk.MountedMarker));
        Assert.Equal("/dev/vda ext4", result.Marker("rootfs"));
    }

    [Fact]
    public void Image_without_ext4_and_virtio_blk_is_flagged_and_really_cannot_mount_root()
    {
        var kernel = Bench.Kernel;
        // dracut's exclusive --drivers list wins over --omit-drivers, so the bad image simply lists less.
        string image = DracutInitramfs.Build(kernel, new DracutImageOptions { Drivers = ["e1000e", "virtio_pci"], OmitDrivers = ["ext4", "virtio_blk"] });
        using var guest = GuestHostTree.VirtioExt4(kernel);

        HostFitReport report = HostFitChecker.Check(new HostFitRequest(image, HostProfile.Read(guest.Root, kernel.Release)));

        Assert.False(report.Fits);
        var errors = report.Findings.Where(f => f.Severity == HostFitSeverity.Error).Select(f => f.Message).ToList();
        Assert.Contains(errors, m => m.StartsWith("ext4 is missing from the image (root file system type ext4)", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("virtio_blk is missing from the image (storage driver", StringComparison.Ordinal));

        var result = BootWithRootDisk(kernel, image);
        Assert.False(result.Done, "the guest reached its root disk's init without ext4/virtio_blk in the initramfs");
        Assert.Null(result.Marker(RootDisk.MountedMarker));
        Assert.False(result.TimedOut, "dracut should give up by itself (rd.retry, rd.shell=0)");
        Assert.Contains("/dev/vda", result.SerialLog, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_whose_sha256_differs_from_the_planned_one_is_refused_before_reading_it()
    {
        var kernel = Bench.Kernel;
        string image = DracutInitramfs.Build(kernel, new DracutImageOptions());
        using var guest = GuestHostTree.VirtioExt4(kernel);
        string planned = new string('0', 64);

        HostFitReport report = HostFitChecker.Check(new HostFitRequest(image, HostProfile.Read(guest.Root, kernel.Release)) { ExpectedSha256 = planned });

        Assert.False(report.Fits);
        HostFitFinding finding = Assert.Single(report.Findings);
        Assert.Equal("sha256", finding.Check);
        string sha = ExternalTool.Run("sha256sum", [image]).Stdout.Split(' ')[0];
        Assert.Equal(sha, report.ImageSha256);
    }

    // The guest writes to the disk (ext4 journal): boot a throw-away copy of the cached image.
    private static VmBootResult BootWithRootDisk(DebianKernel kernel, string image)
    {
        using var scratch = new ScratchDirectory();
        string disk = scratch.File("root.ext4");
        File.Copy(RootDisk.BusyboxRoot(), disk);
        return Bench.Boot(new VmBootRequest(kernel, image)
        {
            Drives = [disk],
            Append = RootArguments,
            Timeout = TimeSpan.FromSeconds(150),
        });
    }
}
