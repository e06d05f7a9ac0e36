namespace NicDoctor.KernelLog.Tests;

/// <summary>
/// BUG/Oops blocks that are not watchdog warnings, from public bug reports (Fixtures/SOURCES.md):
/// one kernel-bug event per block, with the task line, the hardware, and the faulting function and
/// module from the instruction-pointer line. Both reports quote the block only partly.
/// </summary>
public sealed class OopsBlockTests
{
    [Fact]
    public void A_5_10_null_dereference_in_i40e_is_one_bug_event_with_the_faulting_function()
    {
        (List<KernelEvent> events, KernelLogScan scan) = Fixtures.Analyze("real/i40e-oops-5.10-dmesg-T.log");
        KernelEvent bug = Assert.Single(events);
        Assert.Equal(KernelEventKind.KernelBug, bug.Kind);
        Assert.Equal(new DateTime(2023, 2, 3, 15, 17, 22), bug.Time.Wall);
        KernelTrace trace = bug.Trace!;
        Assert.Equal("BUG: kernel NULL pointer dereference, address: 0000000000000010", trace.Header);
        Assert.Equal((16, 849, "connmand"), (trace.Cpu, trace.Pid, trace.Command));
        Assert.Equal((false, "G           OE", "5.10.0-16-amd64"), (trace.NotTainted, trace.TaintFlags, trace.KernelRelease));
        Assert.Equal("Dell Inc. PowerEdge R7525/0YHMCJ, BIOS 2.9.3 08/05/2022", trace.HardwareName);
        Assert.Equal(("i40e_setup_tx_descriptors", "0x7", "0xb0", "i40e"), (trace.Function, trace.FunctionOffset, trace.FunctionLength, trace.FaultModule));
        Assert.False(trace.Complete);
        Assert.Equal([3, 7, 8, 9, 10, 11, 12, 13, 14], bug.Evidence.Select(e => e.Line));
        Assert.Contains("KL0004", Assert.Single(scan.Diagnostics).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_3_x_oops_takes_the_function_from_the_old_ip_line()
    {
        KernelEvent bug = Assert.Single(Fixtures.Analyze("real/ixgbe-oops-3.10-ip.dmesg").Events);
        Assert.Equal(KernelEventKind.KernelBug, bug.Kind);
        Assert.Equal(("ixgbe_clean_rx_irq", "0xa8", "0x720", "ixgbe"), (bug.Trace!.Function, bug.Trace.FunctionOffset, bug.Trace.FunctionLength, bug.Trace.FaultModule));
        Assert.Equal(4601.892921, bug.Time.SinceBoot);
    }
}
