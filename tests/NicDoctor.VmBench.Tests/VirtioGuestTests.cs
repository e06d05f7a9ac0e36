namespace NicDoctor.VmBench.Tests;

/// <summary>The other NIC model and the drive option: virtio-net and virtio-blk with modules loaded in modules.dep order.</summary>
[Trait("Category", "vm")]
public sealed class VirtioGuestTests
{
    [Fact]
    public void Virtio_net_and_a_raw_virtio_drive_work_after_loading_their_module_chain()
    {
        var kernel = Bench.Kernel;
        using var scratch = new ScratchDirectory();
        const string Mac = "52:54:00:4e:44:02";
        const string DriveText = "nicdoctor-vmbench-drive";
        var drive = scratch.File("drive.raw");
        using (var f = File.Create(drive))
        {
            f.Write(System.Text.Encoding.ASCII.GetBytes(DriveText));
            f.SetLength(1024 * 1024);
        }

        var guest = new GuestInitramfs();
        var modules = guest.AddModules(kernel, "virtio_pci", "virtio_net", "virtio_blk");
        guest.WriteCpio(scratch.File("guest.cpio"), $$"""
            {{GuestScript.Insmod(modules)}}
            {{GuestScript.WaitUntil("[ -e /sys/class/net/eth0 ] && [ -b /dev/vda ]")}}
            ndtest eth0_driver=$(basename "$(readlink /sys/class/net/eth0/device/driver)")
            ndtest eth0_address=$(cat /sys/class/net/eth0/address)
            ndtest vda_head=$(head -c {{DriveText.Length}} /dev/vda)
            ndtest done
            """);

        var result = Bench.Boot(new VmBootRequest(kernel, scratch.File("guest.cpio"))
        {
            Nic = VmNic.VirtioNet,
            NicMac = Mac,
            Drives = [drive],
        }).EnsureDone();

        Assert.Equal(modules.Select(GuestScript.InsmodSucceeded), result.MarkerValues(GuestScript.InsmodKey));
        // The virtio NIC's driver is bound to the virtio device, one level below PCI.
        Assert.Equal("virtio_net", result.Marker("eth0_driver"));
        Assert.Equal(Mac, result.Marker("eth0_address"));
        Assert.Equal(DriveText, result.Marker("vda_head"));
    }
}
