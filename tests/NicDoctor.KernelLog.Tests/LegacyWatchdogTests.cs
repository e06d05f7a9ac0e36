namespace NicDoctor.KernelLog.Tests;

/// <summary>The ≤ 2.6.2x watchdog line, as quoted in a 2008 report (t-orihara.hatenadiary.org/entry/20080930).</summary>
public sealed class LegacyWatchdogTests
{
    [Fact]
    public void Transmit_timed_out_without_queue()
    {
        KernelEvent ev = Assert.Single(Fixtures.AnalyzeText("NETDEV WATCHDOG: eth0: transmit timed out\n").Events);
        Assert.Equal("netdev-watchdog.legacy", ev.PatternId);
        Assert.Equal("eth0", ev.Interface);
        Assert.Null(ev.Queue);
        Assert.Null(ev.Driver);
    }
}
