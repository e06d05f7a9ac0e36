namespace NicDoctor.KernelLog.Tests;

/// <summary>Driver hang dumps, resets and link lines from public bug reports (Fixtures/SOURCES.md).</summary>
public sealed class DriverHangTests
{
    [Fact]
    public void E1000e_hardware_unit_hang_dump_is_one_event_per_dump()
    {
        (List<KernelEvent> events, _) = Fixtures.Analyze("real/e1000e-hardware-unit-hang.dmesg");
        Assert.Equal(2, events.Count);
        KernelEvent ev = events[0];
        Assert.Equal((KernelEventKind.TxHang, "e1000e.hardware-unit-hang"), (ev.Kind, ev.PatternId));
        Assert.Equal(("e1000e", "0000:00:19.0", "eth0"), (ev.Driver, ev.PciAddress, ev.Interface));
        Assert.Equal("13", ev.Fields["TDH"]);
        Assert.Equal("88", ev.Fields["TDT"]);
        Assert.Equal("7", ev.Fields["next_to_clean"]);
        Assert.Equal("100227517", ev.Fields["jiffies"]);
        Assert.Equal("80083", ev.Fields["MAC Status"]);
        Assert.Equal("3c00", ev.Fields["PHY 1000BASE-T Status"]);
        Assert.Equal("10", ev.Fields["PCI Status"]);
        Assert.Null(ev.Queue); // e1000e has a single queue and does not print one
        Assert.Equal(15, ev.Evidence.Count);
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), ev.Evidence.Select(e => e.Line));
        Assert.Equal("10022770b", events[1].Fields["jiffies"]);
        Assert.False(events[1].Fields.ContainsKey("PCI Status")); // the report cut the second dump
    }

    [Fact]
    public void A_dump_tail_without_its_header_is_ignored()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/e1000e-logread.log").Events;
        KernelEvent ev = Assert.Single(events);
        Assert.Equal(8, ev.Evidence[0].Line);
        Assert.Equal(("aa", "e4", "a8"), (ev.Fields["TDH"], ev.Fields["TDT"], ev.Fields["next_to_clean"]));
        Assert.Equal(new DateTime(2020, 12, 1, 17, 8, 19), ev.Time.Wall);
    }

    [Fact]
    public void Igb_dump_carries_the_pci_address_only_and_the_queue()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/igb-syslog-tx-unit-hang.log").Events;
        Assert.Equal([KernelEventKind.LinkUp, KernelEventKind.TxHang, KernelEventKind.TxHang], events.Select(e => e.Kind));
        KernelEvent link = events[0];
        Assert.Equal(("igb", "eth0"), (link.Driver, link.Interface));
        Assert.Equal("1000 Mbps Full Duplex, Flow Control: RX/TX", link.Fields["detail"]);
        KernelEvent hang = events[1];
        Assert.Equal("intel.tx-unit-hang", hang.PatternId);
        Assert.Equal(("igb", "0000:09:00.0"), (hang.Driver, hang.PciAddress));
        Assert.Null(hang.Interface);
        Assert.Equal(1, hang.Queue);
        Assert.Equal(("0", "1", "558000", "ffff880402c90000"), (hang.Fields["TDH"], hang.Fields["TDT"], hang.Fields["desc.status"], hang.Fields["next_to_watch"]));
        Assert.Equal("workstation", hang.Host);
        Assert.Equal(32.156375, hang.Time.SinceBoot);
        Assert.Equal(11, hang.Evidence.Count);
        Assert.Equal("Detected Tx Unit Hang (queue 1, TDH 0, TDT 1, next_to_use 1, next_to_clean 0)", hang.Summary);
    }

    [Fact]
    public void Unframed_continuation_lines_and_link_lines_with_a_double_prefix()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/igb-bare-continuation.dmesg").Events;
        Assert.Equal([KernelEventKind.TxHang, KernelEventKind.LinkUp, KernelEventKind.LinkUp, KernelEventKind.TxHang], events.Select(e => e.Kind));
        Assert.Equal(("0000:02:00.1", 0, "558000"), (events[0].PciAddress, events[0].Queue, events[0].Fields["desc.status"]));
        Assert.Equal(11, events[0].Evidence.Count);
        Assert.Equal(("igb", "enp2s0f1", "0000:02:00.1"), (events[1].Driver, events[1].Interface, events[1].PciAddress));
        Assert.Equal("168000", events[3].Fields["desc.status"]);
    }

    [Fact]
    public void Ixgbe_dump_splits_the_tdh_tdt_pair()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/ixgbe-tx-unit-hang-indented.dmesg").Events;
        Assert.Equal(2, events.Count);
        Assert.Equal(("ixgbe", "0000:02:00.1", "eth3", 6), (events[0].Driver, events[0].PciAddress, events[0].Interface, events[0].Queue));
        Assert.Equal(("0", "9", "1015576d8"), (events[0].Fields["TDH"], events[0].Fields["TDT"], events[0].Fields["jiffies"]));
        Assert.Equal(5, events[1].Queue);
        Assert.Equal(8, events[0].Evidence.Count);
        KernelEvent cut = Assert.Single(Fixtures.Analyze("real/ixgbe-82599.dmesg").Events);
        Assert.Equal(("eth2", 2, "13a", "16a", "16a"), (cut.Interface, cut.Queue, cut.Fields["TDH"], cut.Fields["TDT"], cut.Fields["next_to_use"]));
    }

    [Fact]
    public void Journal_style_and_dmesg_iso_stamps()
    {
        KernelEvent journal = Assert.Single(Fixtures.Analyze("real/e1000-journal-short-precise.log").Events);
        Assert.Equal(("e1000", "0000:00:03.0", "enp0s3", 0), (journal.Driver, journal.PciAddress, journal.Interface, journal.Queue));
        Assert.Equal("homeassistant", journal.Host);
        Assert.Equal(new DateTime(2026, 1, 19, 16, 20, 20, 995), journal.Time.Wall);
        Assert.Equal("fffbc60f", journal.Fields["jiffies"]);
        Assert.Equal(11, journal.Evidence.Count);

        List<KernelEvent> iso = Fixtures.Analyze("real/e1000-dmesg-iso.log").Events;
        Assert.Equal(2, iso.Count);
        Assert.Equal(new DateTime(2019, 3, 8, 16, 47, 12).AddTicks(2904740), iso[0].Time.Wall);
        Assert.Equal(TimeSpan.Zero, iso[0].Time.UtcOffset);
        Assert.Null(iso[0].Host);
        Assert.Equal(("d2", "d4"), (iso[0].Fields["TDH"], iso[0].Fields["TDT"]));
    }

    [Fact]
    public void I40e_tx_timeout_and_recovery_levels()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/i40e-tx-timeout-rhel7.log").Events;
        Assert.Equal([KernelEventKind.TxHang, KernelEventKind.TxTimeoutRecovery, KernelEventKind.TxHang, KernelEventKind.TxTimeoutRecovery], events.Select(e => e.Kind));
        KernelEvent t = events[0];
        Assert.Equal(("i40e", 31), (t.Driver, t.Queue));
        Assert.Equal(("396", "0x1cb", "0x1cb", "0x1f5", "0x1f5", "0x1"), (t.Fields["vsi"], t.Fields["ntc"], t.Fields["hwb"], t.Fields["ntu"], t.Fields["tail"], t.Fields["int"]));
        Assert.Equal(("2", 31), (events[1].Fields["level"], events[1].Queue));
        Assert.Equal(("1", 43), (events[3].Fields["level"], events[3].Queue));
    }

    [Fact]
    public void I40e_2_6_32_prefix_level_only_recovery_and_link_flaps()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/i40e-tcpreplay-syslog.log", assumedYear: 2015).Events;
        Assert.Equal([KernelEventKind.TxTimeoutRecovery, KernelEventKind.LinkUp, KernelEventKind.LinkDown, KernelEventKind.LinkUp], events.Select(e => e.Kind));
        KernelEvent r = events[0];
        Assert.Equal(("i40e", "0000:08:00.1", "eth9", "1"), (r.Driver, r.PciAddress, r.Interface, r.Fields["level"]));
        Assert.Null(r.Queue);
        Assert.Equal("x710sbprobe", r.Host);
        Assert.Equal(new DateTime(2015, 6, 3, 9, 3, 26), r.Time.Wall);
        Assert.All(events, e => Assert.Equal("eth9", e.Interface));
    }

    [Fact]
    public void Ena_missing_completions_and_resets()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/ena-syslog.log").Events;
        Assert.Equal([KernelEventKind.TxHang, KernelEventKind.TxHang, KernelEventKind.NicReset], events.Select(e => e.Kind));
        Assert.Equal(("ena", "0000:00:05.0", "eth0", 2, "976"), (events[0].Driver, events[0].PciAddress, events[0].Interface, events[0].Queue, events[0].Fields["index"]));

        List<KernelEvent> delta = Fixtures.Analyze("real/ena-dmesg-delta.log").Events;
        Assert.Equal(["ena.missing-tx-completion", "ena.lost-completions-reset", "ena.trigger-reset"], delta.Select(e => e.PatternId));
        Assert.Equal(("156", "128"), (delta[1].Fields["lost"], delta[1].Fields["threshold"]));
        Assert.True(delta[0].Time.IsEmpty); // relative stamps carry no absolute time

        KernelEvent done = Assert.Single(Fixtures.Analyze("real/ena-reset-completed.log").Events);
        Assert.Equal(("ena.reset-completed", "ena", "0000:00:05.0"), (done.PatternId, done.Driver, done.PciAddress));
        Assert.Equal(108533.515447, done.Time.SinceBoot);
    }

    [Fact]
    public void Phylib_link_lines_on_a_non_pci_bus()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/phy-link-6.6.dmesg").Events;
        Assert.Equal([KernelEventKind.LinkUp, KernelEventKind.LinkDown], events.Select(e => e.Kind));
        Assert.Equal(("mt7530-mdio", "mdio-bus:1f", "lan4"), (events[0].Driver, events[0].BusId, events[0].Interface));
    }

    [Fact]
    public void R8125_reset_wait_lines_are_reset_events()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/r8125-netdev-crit-6.8.dmesg").Events;
        KernelEvent wait = events.First(e => e.Kind == KernelEventKind.NicReset);
        Assert.Equal(("r8169.loop-wait-timeout", "rtl_rxtx_empty_cond", "42"), (wait.PatternId, wait.Fields["condition"], wait.Fields["loops"]));
    }
}
