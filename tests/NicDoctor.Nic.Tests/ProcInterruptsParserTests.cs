using NicDoctor.Nic.Live;
using NicDoctor.Nic.Queues;

namespace NicDoctor.Nic.Tests;

/// <summary>Queue IRQs picked out of /proc/interrupts by their action names.</summary>
public class ProcInterruptsParserTests
{
    // i40e names its vectors <driver>-<if>-TxRx-<n> (i40e_vsi_request_irq: "%s-%s-%s-%d").
    private const string I40e = """
                   CPU0       CPU1       CPU2
        120:          0          0          0  IR-PCI-MSI 13633536-edge      i40e-0000:1a:00.2:misc
        163:        311          0     128744  IR-PCI-MSI 13633580-edge      i40e-eno3-TxRx-43
        164:          0     222240          0  IR-PCI-MSI 13633581-edge      i40e-eno3-TxRx-44
        165:          5          0          0  IR-PCI-MSI 13633582-edge      i40e-eno4-TxRx-44
        167:          5          0          0  IR-PCI-MSI 13633584-edge      i40e-eno30-TxRx-1
        166:          1          2          3  IR-PCI-MSI 13633583-edge      ens1f0-rx-2
        NMI:          0          0          0   Non-maskable interrupts

        """;

    [Fact]
    public void I40e_txrx_vectors_belong_to_their_interface_and_queue()
    {
        var irqs = ProcInterruptsParser.Parse(new StringReader(I40e), "/proc/interrupts", ["eno3"]);
        Assert.Equal([163, 164], irqs.Select(i => i.Irq));
        IrqInfo q44 = irqs[1];
        Assert.Equal(("i40e-eno3-TxRx-44", 44, (QueueDirection?)null, 222240UL), (q44.Name, q44.Queue, q44.Direction, q44.Count));
    }

    [Fact]
    public void Direction_comes_from_the_name()
    {
        IrqInfo rx = Assert.Single(ProcInterruptsParser.Parse(new StringReader(I40e), "/proc/interrupts", ["ens1f0"]));
        Assert.Equal((2, (QueueDirection?)QueueDirection.Rx, 6UL), (rx.Queue, rx.Direction, rx.Count));
    }

    [Fact]
    public void This_machines_interrupts_parse()
    {
        // Every interface's queue vectors must come out of the real file without error.
        foreach (string ifName in new SysfsNetReader("/").InterfaceNames())
            Assert.All(new SysfsNetReader("/").ReadIrqs(ifName), i => Assert.True(i.Irq > 0 && i.Queue >= 0));
    }

    [Fact]
    public void Missing_header_is_reported_with_its_line()
    {
        var ex = Assert.Throws<InvalidDataException>(() => ProcInterruptsParser.Parse(new StringReader("\n"), "/proc/interrupts", ["eth0"]));
        Assert.StartsWith("/proc/interrupts: line 1: ", ex.Message, StringComparison.Ordinal);
    }
}
