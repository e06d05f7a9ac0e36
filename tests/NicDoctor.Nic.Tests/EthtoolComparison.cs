using NicDoctor.Nic.Live;
using NicDoctor.Nic.Text;

namespace NicDoctor.Nic.Tests;

/// <summary>
/// Compares what the ioctl client reads with what the real ethtool binary prints for the same
/// interface. the <c>ethtool</c> delegate runs ethtool with the given arguments (directly, or
/// under <c>ip netns exec</c>).
/// </summary>
internal static class EthtoolComparison
{
    public static void DriverInfoMatches(EthtoolClient client, string ifName, Func<string[], ToolResult> ethtool)
    {
        ToolResult r = ethtool(["-i", ifName]);
        if (r.ExitCode != 0)
        {
            var ex = Assert.Throws<EthtoolException>(() => client.GetDriverInfo(ifName));
            Assert.True(ex.IsNotSupported, ex.Message);
            return;
        }
        DriverInfo expected = EthtoolDriverInfoParser.Parse(new StringReader(r.Stdout), $"ethtool -i {ifName}");
        Assert.Equal(expected, client.GetDriverInfo(ifName) with { StatsCount = null });
    }

    /// <summary>Names identical and in order; each ioctl value between the values of an ethtool run before and after.</summary>
    public static int StatsMatch(EthtoolClient client, string ifName, Func<string[], ToolResult> ethtool)
    {
        ToolResult before = ethtool(["-S", ifName]);
        if (before.ExitCode != 0)
        {
            if ((before.Stdout + before.Stderr).Contains("no stats available", StringComparison.Ordinal))
                Assert.Equal(0, client.GetStats(ifName).Count); // the driver has no ETH_SS_STATS set (lo)
            else
                Assert.Throws<EthtoolException>(() => client.GetStats(ifName));
            return 0;
        }
        StatsSnapshot live = client.GetStats(ifName);
        ToolResult after = ethtool(["-S", ifName]);
        StatsSnapshot a = EthtoolStatsParser.Parse(new StringReader(before.Stdout), $"ethtool -S {ifName}");
        StatsSnapshot b = EthtoolStatsParser.Parse(new StringReader(after.Stdout), $"ethtool -S {ifName}");
        Assert.Equal(a.Names, live.Names);
        for (int i = 0; i < live.Count; i++)
        {
            Assert.True(a.Values[i] <= live.Values[i] && live.Values[i] <= b.Values[i],
                $"{ifName} {live.Names[i]}: ioctl {live.Values[i]} not within ethtool's {a.Values[i]}..{b.Values[i]}");
        }
        return live.Count;
    }

    public static void ChannelsMatch(EthtoolClient client, string ifName, Func<string[], ToolResult> ethtool)
    {
        ToolResult r = ethtool(["-l", ifName]);
        if (r.ExitCode != 0)
        {
            Assert.Throws<EthtoolException>(() => client.GetChannels(ifName));
            return;
        }
        Assert.Equal(EthtoolChannelsParser.Parse(new StringReader(r.Stdout), $"ethtool -l {ifName}"), client.GetChannels(ifName));
    }

    public static void LinkMatches(EthtoolClient client, string ifName, Func<string[], ToolResult> ethtool)
    {
        ToolResult r = ethtool([ifName]);
        if (!r.Stdout.StartsWith("Settings for ", StringComparison.Ordinal))
            return; // ethtool printed only "No data available": nothing to compare
        Assert.Equal(EthtoolSettingsParser.Parse(new StringReader(r.Stdout), $"ethtool {ifName}"), client.GetLinkSettings(ifName));
    }
}
