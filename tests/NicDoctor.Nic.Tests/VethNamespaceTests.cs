using System.Diagnostics;
using System.Text.Json;
using NicDoctor.Nic.Live;

namespace NicDoctor.Nic.Tests;

/// <summary>A veth pair with 8 queues in its own network namespace: ioctl vs ethtool, and the tx-queue choice.</summary>
public class VethNamespaceTests(NetnsFixture netns) : IClassFixture<NetnsFixture>
{
    [Fact]
    public void Ioctl_in_the_namespace_equals_ethtool_there()
    {
        if (!netns.Available)
            Assert.Skip("needs root and ip netns");
        using EthtoolClient client = EthtoolClient.OpenInNamespace(netns.Path);
        ToolResult Ethtool(string[] args) => netns.Exec("ethtool", args);
        foreach (string ifName in new[] { NetnsFixture.Veth, NetnsFixture.Peer })
        {
            EthtoolComparison.DriverInfoMatches(client, ifName, Ethtool);
            Assert.True(EthtoolComparison.StatsMatch(client, ifName, Ethtool) > 8 * 7, "veth has 7 xdp counters per rx queue");
            EthtoolComparison.ChannelsMatch(client, ifName, Ethtool);
            EthtoolComparison.LinkMatches(client, ifName, Ethtool);
        }
        Assert.Equal(new ChannelCounts(8, 8, null, null, 8, 8, null, null), client.GetChannels(NetnsFixture.Veth));
        // The root namespace's socket does not see the namespace's devices.
        using EthtoolClient outside = EthtoolClient.Open();
        Assert.Equal(19, Assert.Throws<EthtoolException>(() => outside.GetDriverInfo(NetnsFixture.Veth)).Errno);
    }

    [Fact]
    public void Queues_pid_names_the_xps_queue_of_the_cpu_the_thread_is_pinned_to()
    {
        if (!netns.Available)
            Assert.Skip("needs root and ip netns");
        if (Environment.ProcessorCount < 2)
            Assert.Skip("needs two CPUs");
        // XPS: CPU 1 sends on tx-5 only, CPU 0 on tx-2.
        SetXps(5, "2");
        SetXps(2, "1");
        using Process sleeper = Process.Start("taskset", ["-c", "1", "sleep", "60"]);
        try
        {
            WaitForRunning(sleeper.Id);
            ToolResult r = netns.Exec(TestPaths.Cli, "nic", "queues", NetnsFixture.Veth, "--pid", sleeper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
            Assert.True(r.ExitCode == 0, r.Stderr);
            using var doc = JsonDocument.Parse(r.Stdout);
            JsonElement sender = Assert.Single(doc.RootElement.GetProperty("senders").EnumerateArray());
            Assert.Equal(1, sender.GetProperty("cpu").GetInt32());
            Assert.Equal("XpsSingle", sender.GetProperty("rule").GetString());
            Assert.Equal([5], sender.GetProperty("queues").EnumerateArray().Select(q => q.GetInt32()));
            Assert.Equal([1], sender.GetProperty("allowedCpus").EnumerateArray().Select(q => q.GetInt32()));
            Assert.Equal("sleep", sender.GetProperty("command").GetString());
            var queues = doc.RootElement.GetProperty("queues").EnumerateArray().ToList();
            Assert.Equal(8, queues.Count);
            Assert.Equal([1], queues[5].GetProperty("xpsCpus").EnumerateArray().Select(c => c.GetInt32()));

            // The human form says the same in words.
            r = netns.Exec(TestPaths.Cli, "nic", "queues", NetnsFixture.Veth, "--cpu", "0", "--no-color");
            Assert.Contains("CPU 0 → tx-2: XPS: queues/tx-2/xps_cpus is the only map that contains CPU 0", System.Text.RegularExpressions.Regex.Replace(r.Stdout, @"\s+", " "), StringComparison.Ordinal);
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    private void SetXps(int queue, string mask)
    {
        ToolResult r = netns.Exec("sh", "-c", $"echo {mask} > /sys/class/net/{NetnsFixture.Veth}/queues/tx-{queue}/xps_cpus");
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    private static void WaitForRunning(int pid)
    {
        // taskset execs sleep in place; wait until the comm is "sleep" so the stat we read is sleep's.
        for (int i = 0; i < 100; i++)
        {
            if (File.Exists($"/proc/{pid}/comm") && File.ReadAllText($"/proc/{pid}/comm").Trim() == "sleep")
                return;
            Thread.Sleep(20);
        }
        throw new TimeoutException("sleep did not start");
    }
}
