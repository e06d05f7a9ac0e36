using NicDoctor.Nic.Live;
using NicDoctor.Nic.Queues;
using NicDoctor.Nic.Sources;

namespace NicDoctor.Nic.Tests;

/// <summary>The sysfs/procfs reader on a fake tree laid out like this machine's (relative symlinks included).</summary>
public sealed class SysfsReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nicdoctor-sysfs-").FullName;

    public SysfsReaderTests()
    {
        string pci = Dir("sys/devices/pci0000:00/0000:00:03.0");
        Write(pci, "vendor", "0x1af4\n");
        Write(pci, "device", "0x1041\n");
        Write(pci, "subsystem_vendor", "0x1af4\n");
        Write(pci, "subsystem_device", "0x1100\n");
        string virtio = Dir("sys/devices/pci0000:00/0000:00:03.0/virtio2");
        Dir("sys/bus/virtio/drivers/virtio_net");
        Link(virtio, "driver", "../../../../bus/virtio/drivers/virtio_net");
        string eth0 = Dir("sys/devices/pci0000:00/0000:00:03.0/virtio2/net/eth0");
        Link(eth0, "device", "../../../virtio2");
        Write(eth0, "address", "02:fc:00:00:00:01\n");
        Write(eth0, "mtu", "1400\n");
        Write(eth0, "operstate", "up\n");
        Dir("sys/devices/virtual/net/br0");
        Link(eth0, "master", "../../../../../virtual/net/br0");
        Link(eth0, "upper_br0", "../../../../../virtual/net/br0");
        for (int q = 0; q < 2; q++)
        {
            string tx = Dir($"sys/devices/pci0000:00/0000:00:03.0/virtio2/net/eth0/queues/tx-{q}");
            Write(tx, "tx_timeout", q == 1 ? "7\n" : "0\n");
            Write(tx, "xps_cpus", q == 1 ? "00000000,00000002\n" : "00000000,00000001\n");
            Write(Dir($"sys/devices/pci0000:00/0000:00:03.0/virtio2/net/eth0/queues/tx-{q}/byte_queue_limits"), "inflight", q == 1 ? "4542\n" : "0\n");
            Write(Dir($"sys/devices/pci0000:00/0000:00:03.0/virtio2/net/eth0/queues/rx-{q}"), "rps_cpus", "0\n");
        }
        Link(Dir("sys/class/net"), "eth0", "../../devices/pci0000:00/0000:00:03.0/virtio2/net/eth0");
        Write(Dir("proc"), "interrupts", """
                       CPU0       CPU1
             37:          0          0 PCI-MSIX-0000:00:03.0   0-edge      virtio2-config
             38:          0       7544 PCI-MSIX-0000:00:03.0   1-edge      virtio2-input.0
             39:       6306          0 PCI-MSIX-0000:00:03.0   2-edge      virtio2-output.0
             40:          3          4 PCI-MSIX-0000:00:03.0   3-edge      virtio2-output.1
             41:          0          0 PCI-MSIX-0000:00:04.0   1-edge      virtio3-rx
            NMI:          0          0   Non-maskable interrupts

            """);
        Write(Dir("proc/irq/39"), "smp_affinity_list", "0\n");
        Write(Dir("proc/irq/40"), "smp_affinity_list", "1\n");
        Write(Dir("usr/share/misc"), "pci.ids", "# test\n1af4  Red Hat, Inc.\n\t1041  Virtio 1.0 network device\n\t\t1af4 1100  QEMU Virtual Machine\n8086  Intel Corporation\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Facts_follow_the_symlinks_to_the_pci_function()
    {
        var reader = new SysfsNetReader(_root);
        Assert.Equal(["eth0"], reader.InterfaceNames());
        NicFacts f = PciNames.Apply(reader.ReadFacts("eth0"), PciIdsDatabase.LoadFrom(_root));
        Assert.Equal("0000:00:03.0", f.PciAddress);
        Assert.Equal(("1af4", "1041", "1af4", "1100"), (f.VendorId, f.DeviceId, f.SubsystemVendorId, f.SubsystemDeviceId));
        Assert.Equal(("Red Hat, Inc.", "Virtio 1.0 network device", "QEMU Virtual Machine"), (f.VendorName, f.DeviceName, f.SubsystemName));
        Assert.Equal("virtio_net", f.Driver);
        Assert.Equal("02:fc:00:00:00:01", f.Mac);
        Assert.Equal(1400, f.Mtu);
        Assert.Equal("up", f.OperState);
        Assert.Equal((2, 2), (f.TxQueues, f.RxQueues));
        Assert.Equal("br0", f.Master);
        Assert.Equal(["br0"], f.Uppers);
    }

    [Fact]
    public void Queue_state_and_irqs_make_the_map()
    {
        TxQueueMap map = TxQueueMap.Read(new SysfsNetReader(_root), "eth0");
        Assert.Equal(2, map.Queues.Count);
        TxQueueMapEntry tx1 = map.Queues[1];
        Assert.Equal((1, (ulong?)7, (ulong?)4542), (tx1.State.Queue, tx1.State.TxTimeout, tx1.State.BqlInflight));
        Assert.Equal([1], tx1.State.XpsCpus);
        Assert.Empty(tx1.RxRpsCpus!);
        IrqInfo irq = Assert.Single(tx1.Irqs);
        Assert.Equal((40, "virtio2-output.1", 1, (QueueDirection?)QueueDirection.Tx, 7UL), (irq.Irq, irq.Name, irq.Queue, irq.Direction, irq.Count));
        Assert.Equal([1], irq.AffinityCpus);

        TxQueueChoice c = map.Choose(1);
        Assert.Equal(TxQueueRule.XpsSingle, c.Rule);
        Assert.Equal([1], c.Queues);
        Assert.Equal(TxQueueRule.Hash, map.Choose(5).Rule);
    }

    [Fact]
    public void Rx_queues_are_read()
    {
        var rx = new SysfsNetReader(_root).ReadRxQueues("eth0");
        Assert.Equal([0, 1], rx.Select(r => r.Queue));
        Assert.All(rx, r => Assert.Empty(r.RpsCpus!));
    }

    [Theory]
    [InlineData("00000000,00001000", new[] { 12 })]
    [InlineData("1,00000001", new[] { 0, 32 })]
    [InlineData("0", new int[0])]
    [InlineData("f", new[] { 0, 1, 2, 3 })]
    public void Cpu_masks(string mask, int[] cpus) => Assert.Equal(cpus, CpuSet.ParseMask(mask));

    [Fact]
    public void Cpu_lists_round_trip() =>
        Assert.Equal("0-3,8,10-11", CpuSet.Format(CpuSet.ParseList("0-3,8,10-11")));

    [Fact]
    public void Stat_field_39_is_found_after_a_comm_with_spaces_and_parens()
    {
        // Fields after the comm: state is field 3; processor is field 39.
        string rest = string.Join(' ', Enumerable.Range(3, 50).Select(i => i == 39 ? "44" : i == 3 ? "S" : "0"));
        Assert.Equal(("vhost-1234 (x)", 44), ThreadPlacement.ParseStat($"4321 (vhost-1234 (x)) {rest}\n", "stat"));
    }

    [Fact]
    public void This_machines_eth0_matches_lspci_and_ethtool()
    {
        var reader = new SysfsNetReader("/");
        if (!reader.Exists("eth0"))
            Assert.Skip("no eth0 on this machine");
        NicFacts f = reader.ReadFacts("eth0");
        string bus = Tool.Output("ethtool", "-i", "eth0").Split('\n').Single(l => l.StartsWith("bus-info: ", StringComparison.Ordinal))["bus-info: ".Length..];
        Assert.Equal(bus, f.PciAddress);
        var fn = Text.LspciParser.Parse(new StringReader(Tool.Output("lspci", "-nn")), "lspci -nn").Single(p => p.FullAddress == bus);
        Assert.Equal((fn.VendorId, fn.DeviceId), (f.VendorId, f.DeviceId));
        Assert.Equal(Tool.Output("cat", "/sys/class/net/eth0/address").Trim(), f.Mac);
    }

    private string Dir(string rel) => Directory.CreateDirectory(Path.Combine(_root, rel)).FullName;

    private static void Write(string dir, string name, string text) => File.WriteAllText(Path.Combine(dir, name), text);

    private static void Link(string dir, string name, string target) => File.CreateSymbolicLink(Path.Combine(dir, name), target);
}
