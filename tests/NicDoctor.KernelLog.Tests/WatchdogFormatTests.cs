namespace NicDoctor.KernelLog.Tests;

/// <summary>NETDEV WATCHDOG in its formats and framings, from public bug reports (Fixtures/SOURCES.md).</summary>
public sealed class WatchdogFormatTests
{
    [Fact]
    public void Format_6_8_takes_interface_driver_and_bus_from_the_prefix_and_cpu_from_the_text()
    {
        (List<KernelEvent> events, KernelLogScan scan) = Fixtures.Analyze("real/r8125-netdev-crit-6.8.dmesg");
        List<KernelEvent> watchdogs = events.Where(e => e.Kind == KernelEventKind.NetdevWatchdog).ToList();
        Assert.Equal(3, watchdogs.Count);
        KernelEvent first = watchdogs[0];
        Assert.Equal("netdev-watchdog.cpu", first.PatternId);
        Assert.Equal("r8125", first.Driver);
        Assert.Equal("0000:22:04.0", first.PciAddress);
        Assert.Equal("eth4", first.Interface);
        Assert.Equal(0, first.Queue);
        Assert.Equal(3, first.Cpu);
        Assert.Equal(5010, first.TimeoutMs);
        Assert.Equal(1356.296930, first.Time.SinceBoot);
        Assert.Equal(1, first.Evidence.Single().Line);
        Assert.Equal(("eth1", "0000:22:01.0", 0, 5010L), (watchdogs[1].Interface, watchdogs[1].PciAddress, watchdogs[1].Cpu, watchdogs[1].TimeoutMs));
        Assert.Equal(5160, watchdogs[2].TimeoutMs);
        Assert.Empty(scan.Diagnostics);
    }

    [Fact]
    public void Format_6_4_to_6_7_takes_the_timeout_in_ms_and_the_link_flap_before_it()
    {
        (List<KernelEvent> events, KernelLogScan scan) = Fixtures.Analyze("real/r8169-6.5-watchdog-ms.dmesg");
        KernelEvent watchdog = Assert.Single(events, e => e.Kind == KernelEventKind.NetdevWatchdog);
        Assert.Equal("netdev-watchdog.ms", watchdog.PatternId);
        Assert.Equal(("enp3s0", "r8169", 0, 5368L), (watchdog.Interface, watchdog.Driver, watchdog.Queue, watchdog.TimeoutMs));
        Assert.Null(watchdog.Cpu); // this format names no CPU, and the report did not quote the WARNING line
        Assert.Equal(1512.295219, watchdog.Time.SinceBoot);
        Assert.Equal([3, 4], watchdog.Evidence.Select(e => e.Line)); // the cut-here line opens its block
        // The link went down and came back six seconds before the queue stalled.
        Assert.Equal([KernelEventKind.LinkDown, KernelEventKind.LinkUp],
            events.Where(e => e.Interface == "enp3s0" && e.Kind != KernelEventKind.NetdevWatchdog).Select(e => e.Kind));
        // The mail quotes the block only up to the watchdog line: reported, not an error.
        Assert.Contains("line 3: KL0004: WARNING/BUG block cut off by the end of the input", Assert.Single(scan.Diagnostics).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Logread_framing_gives_wall_time_and_the_kernel_stamp()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/mtk-logread-6.8.log").Events;
        Assert.Equal(3, events.Count);
        KernelEvent ev = events[0];
        Assert.Equal(KernelEventKind.NetdevWatchdog, ev.Kind);
        Assert.Equal("mtk_soc_eth", ev.Driver);
        Assert.Equal("1e100000.ethernet", ev.BusId);
        Assert.Null(ev.PciAddress);
        Assert.Equal("eth0", ev.Interface);
        Assert.Equal(3, ev.Queue);
        Assert.Equal(1, ev.Cpu);
        Assert.Equal(3685740, ev.TimeoutMs);
        Assert.Equal(new DateTime(2025, 8, 12, 16, 40, 43), ev.Time.Wall);
        Assert.False(ev.Time.YearAssumed);
        Assert.Equal(1317557.006117, ev.Time.SinceBoot);
    }

    [Fact]
    public void Format_2_6_3x_block_with_ptrval_frames_cut_off_by_the_report()
    {
        (List<KernelEvent> events, KernelLogScan scan) = Fixtures.Analyze("real/ethoc-5.5-openrisc.dmesg");
        KernelEvent ev = Assert.Single(events);
        Assert.Equal("netdev-watchdog.queue", ev.PatternId);
        Assert.Equal(("eth0", "ethoc", 0), (ev.Interface, ev.Driver, ev.Queue));
        Assert.Equal(0, ev.Cpu);
        KernelTrace trace = ev.Trace!;
        Assert.Equal(442, trace.FileLine);
        Assert.Equal("5.5.0-simple-smp", trace.KernelRelease);
        Assert.Equal("swapper", trace.Command);
        Assert.Empty(trace.Modules);
        Assert.Equal(18, trace.CallTrace.Count); // lines 8-25
        Assert.Equal("show_stack", trace.CallTrace[0].Function);
        Assert.False(trace.CallTrace[3].Reliable);
        Assert.False(trace.Complete);
        LogDiagnostic d = Assert.Single(scan.Diagnostics);
        Assert.Equal(LogDiagnosticId.TruncatedBlock, d.Id);
        Assert.Equal(2, d.Line);
    }

    [Fact]
    public void Arm_frames_and_a_build_path_in_the_warning_line()
    {
        KernelEvent ev = Assert.Single(Fixtures.Analyze("real/ftgmac100-4.10-arm.dmesg").Events);
        KernelTrace trace = ev.Trace!;
        Assert.Equal("/tmp/openbmc/build/tmp/work-shared/witherspoon/kernel-source/net/sched/sch_generic.c", trace.File);
        Assert.Equal(316, trace.FileLine);
        Assert.Equal(("dev_watchdog", "0x230", "0x248"), (trace.Function, trace.FunctionOffset, trace.FunctionLength));
        Assert.Equal(6, trace.Pid);
        Assert.Equal("ksoftirqd/0", trace.Command);
        Assert.Equal("ASpeed SoC", trace.HardwareName);
        Assert.Equal(["unwind_backtrace", "show_stack", "dump_stack", "__warn", "warn_slowpath_fmt", "dev_watchdog", "call_timer_fn", "expire_timers", "run_timer_softirq", "__do_softirq"],
            trace.CallTrace.Select(f => f.Function));
        Assert.Equal(("eth0", "ftgmac100"), (ev.Interface, ev.Driver));
    }

    [Fact]
    public void Message_before_warning_in_iso_syslog_is_one_event_with_the_warning_cpu()
    {
        (List<KernelEvent> events, _) = Fixtures.Analyze("real/r8152-rpi-5.15-syslog-iso.log");
        KernelEvent ev = Assert.Single(events);
        Assert.Equal(KernelEventKind.NetdevWatchdog, ev.Kind);
        Assert.Equal(("eth1", "r8152", 0, 0), (ev.Interface, ev.Driver, ev.Queue, ev.Cpu));
        Assert.Equal("server", ev.Host);
        Assert.Equal(new DateTime(2022, 11, 4, 14, 9, 31), ev.Time.Wall);
        Assert.Equal(75215.928881, ev.Time.SinceBoot); // the NETDEV WATCHDOG line's own stamp
        KernelTrace trace = ev.Trace!;
        Assert.Equal(478, trace.FileLine);
        Assert.Equal("5.15.76-v8+", trace.KernelRelease);
        Assert.Equal("ip6t_REJECT", trace.Modules[0]);
        Assert.Equal("ipv6", trace.Modules[^1]);
        Assert.Equal(5, ev.Evidence.Count);
    }

    [Fact]
    public void Message_first_without_cut_here_adopts_the_following_warning()
    {
        KernelEvent ev = Assert.Single(Fixtures.Analyze("real/e1000-qemu-5.2-message-first.dmesg").Events);
        Assert.Equal(("eth0", "e1000", 0, 0), (ev.Interface, ev.Driver, ev.Queue, ev.Cpu));
        KernelTrace trace = ev.Trace!;
        Assert.False(trace.NotTainted);
        Assert.Equal("G           O", trace.TaintFlags);
        Assert.Equal("5.2.38-titanium.8.0.rc1.174.g9b149d7+", trace.KernelRelease);
        Assert.Equal("QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.13.0-1ubuntu1 04/01/2014", trace.HardwareName);
        Assert.Contains("scapi(O)", trace.Modules);
        Assert.Equal(8, ev.Evidence.Count);
    }

    [Fact]
    public void Old_style_warning_with_parentheses_and_last_unloaded()
    {
        (List<KernelEvent> events, _) = Fixtures.Analyze("real/ixgbe-3.13-warning-old-style.dmesg");
        KernelEvent ev = Assert.Single(events);
        Assert.Equal(("eth1", "ixgbe", 0, 0), (ev.Interface, ev.Driver, ev.Queue, ev.Cpu));
        Assert.Equal(264, ev.Trace!.FileLine);
        Assert.Equal(("dev_watchdog", "0x267", "0x270"), (ev.Trace.Function, ev.Trace.FunctionOffset, ev.Trace.FunctionLength));
        Assert.Equal("mdio", ev.Trace.Modules[^1]);
        Assert.DoesNotContain(ev.Trace.Modules, m => m.Contains("unloaded", StringComparison.Ordinal));
    }

    [Fact]
    public void Kernel_3_2_task_line_continues_the_watchdog_block()
    {
        KernelEvent ev = Assert.Single(Fixtures.Analyze("real/debian-3.2-r8169-syslog.log", assumedYear: 2016).Events);
        Assert.Equal(("eth0", "r8169", 0), (ev.Interface, ev.Driver, ev.Queue));
        Assert.Equal("srv4", ev.Host);
        Assert.Equal(new DateTime(2016, 1, 2, 19, 12, 45), ev.Time.Wall);
        Assert.True(ev.Time.YearAssumed);
        Assert.Equal("3.2.0-4-amd64", ev.Trace!.KernelRelease);
        Assert.Equal("warn_slowpath_common", Assert.Single(ev.Trace.CallTrace).Function);
    }

    [Fact]
    public void Virtio_net_6_8_line_without_framing()
    {
        KernelEvent ev = Assert.Single(Fixtures.Analyze("real/virtio-net-6.8.log").Events);
        Assert.Equal(("virtio_net", "virtio1", "enp1s0", 0, 0, 9800L), (ev.Driver, ev.BusId, ev.Interface, ev.Queue, ev.Cpu, ev.TimeoutMs));
    }

    [Fact]
    public void Link_changes_then_a_message_first_warning_with_an_address_only_site()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/mtk-logread-link-and-warning.log").Events;
        Assert.Equal([KernelEventKind.LinkDown, KernelEventKind.LinkUp, KernelEventKind.NetdevWatchdog], events.Select(e => e.Kind));
        Assert.Equal(("eth1", "15100000.ethernet"), (events[1].Interface, events[1].BusId));
        Assert.Equal("1Gbps/Full - flow control rx/tx", events[1].Fields["detail"]);
        KernelEvent watchdog = events[2];
        Assert.Equal(("eth0", "mtk_soc_eth", 3, 1), (watchdog.Interface, watchdog.Driver, watchdog.Queue, watchdog.Cpu));
        Assert.Null(watchdog.Trace!.File);
        Assert.Equal("WARNING: CPU: 1 PID: 0 at 0xffffffc0086c4014", watchdog.Trace.Header);
    }
}
