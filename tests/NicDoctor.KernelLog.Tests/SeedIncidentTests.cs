namespace NicDoctor.KernelLog.Tests;

/// <summary>
/// The field case's block (samples/i40e-queue44/dmesg_-T, quoted from the 2020 CentOS 7 report):
/// every field is checked against what the lines themselves say.
/// </summary>
public sealed class SeedIncidentTests
{
    private static (List<KernelEvent> Events, KernelLogScan Scan) Seed()
    {
        var analyzer = new KernelLogAnalyzer(new KernelLogOptions { AssumedYear = 2020 });
        var events = new List<KernelEvent>();
        KernelLogScan scan = analyzer.ScanFile(Fixtures.RepoPath("samples/i40e-queue44/dmesg_-T"), events.Add);
        return (events, scan);
    }

    [Fact]
    public void The_block_is_one_watchdog_event()
    {
        (List<KernelEvent> events, KernelLogScan scan) = Seed();
        KernelEvent ev = Assert.Single(events);
        Assert.Equal(KernelEventKind.NetdevWatchdog, ev.Kind);
        Assert.Equal("netdev-watchdog.queue", ev.PatternId);
        Assert.Empty(scan.Diagnostics);
        Assert.Equal(30, scan.Lines);
    }

    [Fact]
    public void Interface_driver_queue_and_the_timer_cpu()
    {
        KernelEvent ev = Assert.Single(Seed().Events);
        Assert.Equal("eno3", ev.Interface);
        Assert.Equal("i40e", ev.Driver);
        Assert.Equal(44, ev.Queue);
        Assert.Null(ev.TimeoutMs); // the 3.10 format has no "%u ms"
        Assert.Equal(45, ev.Cpu); // WARNING: CPU: 45 — the watchdog timer's CPU, not queue 44's
        Assert.Equal(new DateTime(2020, 11, 5, 16, 44, 42), ev.Time.Wall);
        Assert.Null(ev.Time.SinceBoot);
    }

    [Fact]
    public void The_warning_header_task_and_hardware()
    {
        KernelTrace trace = Assert.Single(Seed().Events).Trace!;
        Assert.Equal(45, trace.Cpu);
        Assert.Equal(0, trace.Pid);
        Assert.Equal("net/sched/sch_generic.c", trace.File);
        Assert.Equal(300, trace.FileLine);
        Assert.Equal("dev_watchdog", trace.Function);
        Assert.Equal("0x242", trace.FunctionOffset);
        Assert.Equal("0x250", trace.FunctionLength);
        Assert.Equal("swapper/45", trace.Command);
        Assert.True(trace.NotTainted);
        Assert.Equal("3.10.0-693.el7.x86_64", trace.KernelRelease);
        Assert.Equal("Huawei 2288H V5/BC11SPSCB0, BIOS 6.58 03/30/2019", trace.HardwareName);
        Assert.True(trace.Complete);
    }

    [Fact]
    public void Modules_linked_in_joins_the_continuation_line()
    {
        KernelTrace trace = Assert.Single(Seed().Events).Trace!;
        // 79 names on the first line + 19 on the continuation line (counted with `wc -w` on the sample).
        Assert.Equal(98, trace.Modules.Count);
        Assert.Equal("tcp_lp", trace.Modules[0]);
        Assert.Equal("lockd", trace.Modules[78]);
        Assert.Equal("grace", trace.Modules[79]);
        Assert.Equal("pps_core", trace.Modules[^1]);
        Assert.Contains("i40e", trace.Modules);
    }

    [Fact]
    public void Call_trace_frames_in_order_with_unreliable_marks()
    {
        KernelTrace trace = Assert.Single(Seed().Events).Trace!;
        Assert.Equal(19, trace.CallTrace.Count); // lines 11-29 of the sample
        Assert.Equal(new StackFrame("dump_stack", "0x19", "0x1b", null, true), trace.CallTrace[0]);
        Assert.Equal(new StackFrame("dev_watchdog", "0x242", "0x250", null, true), trace.CallTrace[3]);
        Assert.Equal(new StackFrame("dev_deactivate_queue.constprop.33", "0x60", "0x60", null, false), trace.CallTrace[4]);
        Assert.Equal(new StackFrame("native_safe_halt", "0x6", "0x10", null, false), trace.CallTrace[14]);
        Assert.Equal("start_secondary", trace.CallTrace[^1].Function);
    }

    [Fact]
    public void Evidence_is_every_line_of_the_block_with_its_number()
    {
        KernelEvent ev = Assert.Single(Seed().Events);
        Assert.Equal(30, ev.Evidence.Count);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), ev.Evidence.Select(e => e.Line));
        Assert.StartsWith("[Thu Nov  5 16:44:42 2020] NETDEV WATCHDOG: eno3 (i40e)", ev.Evidence[1].Text, StringComparison.Ordinal);
    }
}
