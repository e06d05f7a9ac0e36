namespace NicDoctor.VmBench.Tests;

/// <summary>The acceptance case of the bench: Debian's kernel loads the real e1000e.ko and an interface appears.</summary>
[Trait("Category", "vm")]
public sealed class E1000eGuestTests
{
    [Fact]
    public void Insmod_of_the_shipped_e1000e_creates_eth0_on_an_emulated_82574()
    {
        var kernel = Bench.Kernel;
        using var scratch = new ScratchDirectory();
        const string Mac = "52:54:00:4e:44:01";

        // The test writes only the script; the module paths (with dependencies) come from modules.dep.
        var guest = new GuestInitramfs();
        var modules = guest.AddModules(kernel, "e1000e");
        guest.WriteCpio(scratch.File("guest.cpio"), $$"""
            {{GuestScript.Insmod(modules)}}
            {{GuestScript.WaitUntil("[ -e /sys/class/net/eth0 ]")}}
            for d in /sys/class/net/*; do ndtest iface=${d##*/}; done
            ndtest eth0_driver=$(basename "$(readlink /sys/class/net/eth0/device/driver)")
            ndtest eth0_address=$(cat /sys/class/net/eth0/address)
            ndtest eth0_pci_id=$(cat /sys/class/net/eth0/device/vendor):$(cat /sys/class/net/eth0/device/device)
            ndtest module_state=$(cat /sys/module/e1000e/initstate)
            ndtest done
            """);

        var result = Bench.Boot(new VmBootRequest(kernel, scratch.File("guest.cpio")) { Nic = VmNic.E1000e, NicMac = Mac })
            .EnsureDone();

        Assert.Equal(["e1000e.ko:0:"], result.MarkerValues(GuestScript.InsmodKey));
        Assert.Contains("eth0", result.MarkerValues("iface"));
        Assert.Equal("e1000e", result.Marker("eth0_driver"));
        Assert.Equal("live", result.Marker("module_state"));
        // Independent facts: the MAC QEMU was told to use, and QEMU's e1000e model is an Intel 82574L (8086:10d3).
        Assert.Equal(Mac, result.Marker("eth0_address"));
        Assert.Equal("0x8086:0x10d3", result.Marker("eth0_pci_id"));
    }

    [Fact]
    public void Reloading_e1000e_leaves_eth0_down_until_it_is_set_up_again()
    {
        // The seed's step 9: after rmmod + insmod the interface exists again but is down.
        var kernel = Bench.Kernel;
        using var scratch = new ScratchDirectory();
        var guest = new GuestInitramfs();
        var modules = guest.AddModules(kernel, "e1000e");
        const string Operstate = "/sys/class/net/eth0/operstate";
        var waitUntilUp = GuestScript.WaitUntil($"[ \"$(cat {Operstate})\" = up ]", seconds: 20);
        guest.WriteCpio(scratch.File("guest.cpio"), $$"""
            {{GuestScript.Insmod(modules)}}
            {{GuestScript.WaitUntil("[ -e /sys/class/net/eth0 ]")}}
            ip link set eth0 up
            {{waitUntilUp}}
            ndtest before_reload=$(cat {{Operstate}})
            rmmod e1000e; ndtest rmmod_rc=$?
            ndtest eth0_after_rmmod=$([ -e /sys/class/net/eth0 ] && echo present || echo absent)
            {{GuestScript.Insmod(modules)}}
            {{GuestScript.WaitUntil("[ -e /sys/class/net/eth0 ]")}}
            ndtest after_reload=$(cat {{Operstate}})
            ndtest after_reload_flags=$(cat /sys/class/net/eth0/flags)
            ip link set eth0 up
            {{waitUntilUp}}
            ndtest after_set_up=$(cat {{Operstate}})
            ndtest done
            """);

        var result = Bench.Boot(new VmBootRequest(kernel, scratch.File("guest.cpio")) { Nic = VmNic.E1000e }).EnsureDone();

        Assert.Equal("up", result.Marker("before_reload"));
        Assert.Equal("0", result.Marker("rmmod_rc"));
        Assert.Equal("absent", result.Marker("eth0_after_rmmod"));
        Assert.Equal(["e1000e.ko:0:", "e1000e.ko:0:"], result.MarkerValues(GuestScript.InsmodKey));
        Assert.Equal("down", result.Marker("after_reload"));
        // IFF_UP (0x1) is clear: nothing brings the new netdev up on its own.
        Assert.Equal(0, Convert.ToInt32(result.Marker("after_reload_flags"), 16) & 0x1);
        Assert.Equal("up", result.Marker("after_set_up"));
    }
}
