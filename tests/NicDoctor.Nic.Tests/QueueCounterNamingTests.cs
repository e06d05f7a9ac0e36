using NicDoctor.Nic.Queues;
using NicDoctor.Nic.Text;

namespace NicDoctor.Nic.Tests;

/// <summary>
/// The naming table on real captures of each driver. Expected values are read from the fixture
/// files by eye (and the queue counts with grep), not computed by the code under test.
/// </summary>
public class QueueCounterNamingTests
{
    [Theory]
    [InlineData("ethtool_-S_i40e-v2.3.2k", QueueDirection.Tx, 3, "packets", 34835304047UL, 64)]
    [InlineData("ethtool_-S_i40e-v2.3.2k", QueueDirection.Rx, 3, "packets", 36938887991UL, 64)]
    [InlineData("ethtool_-S_bnxt_en", QueueDirection.Tx, 11, "ucast_packets", 2820769676UL, 12)]
    [InlineData("ethtool_-S_bnxt_en", QueueDirection.Rx, 0, "ucast_packets", 10198513532UL, 12)]
    [InlineData("ethtool_-S_mlx5_core", QueueDirection.Tx, 1, "packets", 88553947UL, 16)]
    [InlineData("ethtool_-S_mlx5_core", QueueDirection.Rx, 1, "packets", 45327809UL, 16)]
    [InlineData("ethtool_-S_virtio_net", QueueDirection.Rx, 1, "packets", 10401806UL, 2)]
    [InlineData("ethtool_-S_virtio_net", QueueDirection.Tx, 0, "packets", 3558968UL, 2)]
    [InlineData("ethtool_-S_ixgbe", QueueDirection.Tx, 1, "packets", 57503592849UL, 3)]
    [InlineData("ethtool_-S_ixgbe", QueueDirection.Rx, 1, "packets", 54703135727UL, 2)]
    [InlineData("ethtool_-S_ice", QueueDirection.Tx, 0, "packets", 5UL, 128)]
    [InlineData("ethtool_-S_ena", QueueDirection.Tx, 0, "packets", 2005711UL, 4)]
    [InlineData("ethtool_-S_ena", QueueDirection.Rx, 1, "packets", 3667424UL, 4)]
    [InlineData("ethtool_-S_vmxnet3", QueueDirection.Tx, 1, "ucast_packets", 64809UL, 2)]
    [InlineData("ethtool_-S_vmxnet3", QueueDirection.Rx, 1, "ucast_packets", 143523UL, 2)]
    public void Driver_names_normalise_to_direction_queue_counter(string file, QueueDirection dir, int queue, string counter, ulong value, int queuesInDirection)
    {
        using var reader = new StreamReader(TestPaths.PublicFixture(file));
        StatsSnapshot s = EthtoolStatsParser.Parse(reader, file);
        var classified = QueueCounterNaming.Classify(s);
        var hit = classified.Where(c => c.Name == new QueueCounterName(dir, queue, counter)).ToList();
        Assert.Single(hit);
        Assert.Equal(value, s.Values[hit[0].Index]);
        Assert.Equal(queuesInDirection, classified.Where(c => c.Name.Direction == dir && c.Name.Counter == counter).Select(c => c.Name.Queue).Distinct().Count());
    }

    [Theory]
    [InlineData("tx-44.tx_packets", QueueDirection.Tx, 44, "packets")]
    [InlineData("rx-44.rx_bytes", QueueDirection.Rx, 44, "bytes")]
    [InlineData("tx-7.packets", QueueDirection.Tx, 7, "packets")]
    [InlineData("tx_queue_0_packets", QueueDirection.Tx, 0, "packets")]
    [InlineData("rx_queue_3_xdp_packets", QueueDirection.Rx, 3, "xdp_packets")]
    [InlineData("tx0_packets", QueueDirection.Tx, 0, "packets")]
    [InlineData("rx0_kicks", QueueDirection.Rx, 0, "kicks")]
    [InlineData("[5]: tx_ucast_packets", QueueDirection.Tx, 5, "ucast_packets")]
    [InlineData("queue_2_rx_cnt", QueueDirection.Rx, 2, "packets")]
    public void Single_names(string name, QueueDirection dir, int queue, string counter)
    {
        Assert.True(QueueCounterNaming.TryParse(name, out QueueCounterName c));
        Assert.Equal(new QueueCounterName(dir, queue, counter), c);
    }

    [Theory]
    [InlineData("rx_packets")]
    [InlineData("port.tx_timeout")]
    [InlineData("veb.tc_0_tx_packets")]
    [InlineData("rx_1024_to_max_packets")]
    [InlineData("peer_ifindex")]
    public void Device_wide_names_are_not_queues(string name) => Assert.False(QueueCounterNaming.TryParse(name, out _));
}
