namespace NicDoctor.KernelLog.Tests;

/// <summary>Normal boots must not produce hang events.</summary>
public sealed class BenignLogTests
{
    private static readonly KernelEventKind[] HangKinds =
        [KernelEventKind.NetdevWatchdog, KernelEventKind.TxHang, KernelEventKind.TxTimeoutRecovery, KernelEventKind.NicReset];

    [Fact]
    public void Qemu_boot_of_the_debian_kernel_has_no_hang_events()
    {
        (List<KernelEvent> events, KernelLogScan scan) = Fixtures.Analyze("benign/qemu-debian12-6.1-boot.console");
        Assert.Equal(432, scan.Lines);
        Assert.DoesNotContain(events, e => HangKinds.Contains(e.Kind));
        Assert.DoesNotContain(events, e => e.Kind is KernelEventKind.KernelWarning or KernelEventKind.KernelBug);
    }

    [Fact]
    public void This_hosts_kernel_log_has_no_hang_events()
    {
        // /dev/kmsg of the machine running the tests (a normal boot); the live reader is the one `log --live` uses.
        if (!LiveKernelLog.KmsgReadable("/"))
            Assert.Skip("/dev/kmsg is not readable here");
        var events = new List<KernelEvent>();
        KernelLogScan scan = new KernelLogAnalyzer().ScanLive("/", events.Add);
        Assert.True(scan.Lines > 10);
        Assert.DoesNotContain(events, e => HangKinds.Contains(e.Kind));
    }
}
