namespace NicDoctor.Nic.Queues;

/// <summary>
/// A driver statistic recognised as per-queue: <c>tx-44.tx_packets</c> (i40e),
/// <c>tx_queue_44_packets</c> (ixgbe), <c>tx44_packets</c> (mlx5) and <c>[44]: tx_ucast_packets</c>
/// (bnxt) all become (Tx, 44, <see cref="Counter"/>). Counter names are lower case with underscores;
/// the packet and byte totals are always <c>packets</c> and <c>bytes</c>.
/// </summary>
public readonly record struct QueueCounterName(QueueDirection Direction, int Queue, string Counter)
{
    public const string Packets = "packets";
    public const string Bytes = "bytes";

    public override string ToString() => $"{(Direction == QueueDirection.Rx ? "rx" : "tx")}-{Queue}.{Counter}";
}
