using NicDoctor.Nic.Live;
using NicDoctor.Nic.Sampling;
using NicDoctor.Nic.Sources;

namespace NicDoctor.Nic.Tests;

/// <summary>The SIOCETHTOOL client against the real ethtool binary, on every interface of this machine.</summary>
public class LiveEthtoolTests
{
    public static TheoryData<string> Interfaces() => [.. new SysfsNetReader("/").InterfaceNames()];

    private static ToolResult Ethtool(string[] args) => Tool.Run("ethtool", args);

    [Theory]
    [MemberData(nameof(Interfaces))]
    public void Ioctl_equals_ethtool_i_S_l_and_settings(string ifName)
    {
        using EthtoolClient client = EthtoolClient.Open();
        EthtoolComparison.DriverInfoMatches(client, ifName, Ethtool);
        EthtoolComparison.StatsMatch(client, ifName, Ethtool);
        EthtoolComparison.ChannelsMatch(client, ifName, Ethtool);
        EthtoolComparison.LinkMatches(client, ifName, Ethtool);
    }

    [Fact]
    public void Unknown_interface_is_an_error_naming_it()
    {
        using EthtoolClient client = EthtoolClient.Open();
        var ex = Assert.Throws<EthtoolException>(() => client.GetDriverInfo("nd-no-such0"));
        Assert.Equal(19, ex.Errno); // ENODEV
        Assert.StartsWith("nd-no-such0: ethtool GDRVINFO: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sampler_uses_the_injected_clock()
    {
        string? ifName = new SysfsNetReader("/").InterfaceNames().FirstOrDefault(n => Tool.Run("ethtool", "-S", n).ExitCode == 0);
        if (ifName is null)
            Assert.Skip("no interface with statistics");
        var clock = new ScriptedClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var source = new LiveNicSource();
        var samples = source.Samples(ifName, 3, TimeSpan.FromSeconds(2), clock, TestContext.Current.CancellationToken);
        Assert.Equal([clock.Start, clock.Start.AddSeconds(2), clock.Start.AddSeconds(4)], samples.Select(s => s.Time!.Value));
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], clock.Waits);
        Assert.All(samples, s => Assert.NotEmpty(s.TxQueues!));
    }

    /// <summary>A clock whose waits only advance its time.</summary>
    private sealed class ScriptedClock(DateTimeOffset start) : ISampleClock
    {
        public DateTimeOffset Start { get; } = start;
        public List<TimeSpan> Waits { get; } = [];
        public DateTimeOffset Now { get; private set; } = start;

        public void Wait(TimeSpan delay, CancellationToken cancellationToken)
        {
            Waits.Add(delay);
            Now += delay;
        }
    }
}
