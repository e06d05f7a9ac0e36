namespace NicDoctor.Nic;

/// <summary>
/// What <c>ethtool -l IF</c> prints (ETHTOOL_GCHANNELS): maximum and current queue counts per kind.
/// A null count is a kind the driver does not have (ethtool prints <c>n/a</c>, the ioctl returns 0).
/// </summary>
public sealed record ChannelCounts(
    int? MaxRx, int? MaxTx, int? MaxOther, int? MaxCombined,
    int? Rx, int? Tx, int? Other, int? Combined);
