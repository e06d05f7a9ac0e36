using System.Text.Json;
using System.Text.RegularExpressions;

namespace NicDoctor.Nic.Tests;

/// <summary>The <c>nicdoctor nic</c> commands, run as the built binary.</summary>
public class NicCliTests
{
    private static string Flat(string text) => Regex.Replace(text, @"[\s│]+", " ");

    [Fact]
    public void Stats_on_the_seed_sample_flags_rx_44_and_exits_1()
    {
        ToolResult r = Tool.Nicdoctor("nic", "stats", "eno3", "--from", TestPaths.SeedSample, "--no-color");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stderr);
        string flat = Flat(r.Stdout);
        Assert.Contains("eno3: 5 sample(s) over 8 s", flat, StringComparison.Ordinal);
        Assert.Contains("STALLED rx-44 (RxFrozenWhileTxMoves): rx-44.rx_packets stayed at 49882 in all 5 samples over 8 s while tx-44.tx_packets rose from 222225 to 222240 (+15, in 4 of 4 intervals)", flat, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_json_carries_the_verdict_and_the_counter_tracks()
    {
        ToolResult r = Tool.Nicdoctor("nic", "stats", "eno3", "--from", TestPaths.SeedSample, "--json");
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        JsonElement q = Assert.Single(doc.RootElement.GetProperty("queues").EnumerateArray());
        Assert.Equal(44, q.GetProperty("queue").GetInt32());
        Assert.Equal("Stalled", q.GetProperty("verdict").GetString());
        Assert.Equal("rx-44.rx_packets", q.GetProperty("rxPackets").GetProperty("name").GetString());
        Assert.Equal([222225UL, 222231, 222238, 222239, 222240], q.GetProperty("txPackets").GetProperty("values").EnumerateArray().Select(v => v.GetUInt64()));
        Assert.Equal("RxFrozenWhileTxMoves", Assert.Single(q.GetProperty("findings").EnumerateArray()).GetProperty("kind").GetString());
        Assert.True(doc.RootElement.GetProperty("anyStalled").GetBoolean());
    }

    [Fact]
    public void List_from_the_seed_sample_joins_ethtool_and_lspci()
    {
        ToolResult r = Tool.Nicdoctor("nic", "list", "--from", TestPaths.SeedSample, "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        JsonElement eno3 = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("eno3", eno3.GetProperty("name").GetString());
        Assert.Equal("i40e", eno3.GetProperty("driver").GetString());
        Assert.Equal("1.6.27-k", eno3.GetProperty("driverVersion").GetString());
        Assert.Equal("3.33 0x80000f09 255.65535.255", eno3.GetProperty("firmwareVersion").GetString());
        Assert.Equal("0000:1a:00.2", eno3.GetProperty("pciAddress").GetString());
        Assert.Equal("Intel Corporation Ethernet Connection X722 for 1GbE", eno3.GetProperty("deviceName").GetString());
        Assert.Equal(1000, eno3.GetProperty("link").GetProperty("speedMbps").GetInt32());
        Assert.True(eno3.GetProperty("link").GetProperty("linkDetected").GetBoolean());
    }

    [Fact]
    public void Live_list_agrees_with_ethtool_i()
    {
        ToolResult r = Tool.Nicdoctor("nic", "list", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var byName = doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(Directory.GetFileSystemEntries("/sys/class/net").Select(Path.GetFileName).Order(StringComparer.Ordinal), byName.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, JsonElement e) in byName)
        {
            ToolResult i = Tool.Run("ethtool", "-i", name);
            if (i.ExitCode != 0)
                continue;
            DriverInfo d = Text.EthtoolDriverInfoParser.Parse(new StringReader(i.Stdout), "ethtool -i");
            Assert.Equal(d.Driver, e.GetProperty("driver").GetString());
            Assert.Equal(d.Version, e.GetProperty("driverVersion").GetString());
        }
    }

    [Fact]
    public void Broken_capture_is_an_input_error_naming_file_and_line()
    {
        string dir = Directory.CreateTempSubdirectory("nicdoctor-capture-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "ethtool_-S_eth9"), "NIC statistics:\n     tx_queue_0_packets: 5\n     tx_queue_0_bytes: lots\n");
            ToolResult r = Tool.Nicdoctor("nic", "stats", "eth9", "--from", dir);
            Assert.Equal(2, r.ExitCode);
            Assert.Equal("nicdoctor: ethtool_-S_eth9: line 3: value 'lots' is not an unsigned number\n", r.Stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Missing_capture_and_bad_interval_are_usage_errors()
    {
        ToolResult r = Tool.Nicdoctor("nic", "stats", "eth7", "--from", TestPaths.SeedSample);
        Assert.Equal(2, r.ExitCode);
        Assert.EndsWith("samples/i40e-queue44/ethtool_-S_eth7: not found\n", r.Stderr, StringComparison.Ordinal);
        r = Tool.Nicdoctor("nic", "stats", "eth0", "--interval", "soon");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("nicdoctor: usage: --interval: 'soon' is not a time", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_nic_subcommand_has_help()
    {
        foreach (string sub in new[] { "list", "stats", "watch", "queues" })
        {
            ToolResult r = Tool.Nicdoctor("nic", sub, "--help");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("Usage:", r.Stdout, StringComparison.Ordinal);
        }
    }
}
