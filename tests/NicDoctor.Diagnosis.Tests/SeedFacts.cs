using NicDoctor.Diagnosis.Facts;

namespace NicDoctor.Diagnosis.Tests;

/// <summary>
/// The field case's facts, typed by hand from the seed text (shared/seed): what the evidence
/// readers must produce from samples/i40e-queue44. Independent of any parser.
/// </summary>
internal static class SeedFacts
{
    public static NicFact Eno3 { get; } = new()
    {
        Interface = "eno3",
        Driver = "i40e",
        DriverVersion = "1.6.27-k",
        Firmware = "3.33 0x80000f09 255.65535.255",
        BusInfo = "0000:1a:00.2",
        Model = "Intel Corporation Ethernet Connection X722 for 1GbE",
        SpeedMbps = 1000,
        LinkDetected = true,
        Evidence = [new EvidenceRef("ethtool_-i_eno3", 2, "version: 1.6.27-k")],
    };

    public static EventFact Watchdog { get; } = new()
    {
        Kind = EventKinds.NetdevWatchdog,
        Interface = "eno3",
        Driver = "i40e",
        Queue = 44,
        Cpu = 45,
        Time = "2020-11-05T16:44:42",
        Summary = "NETDEV WATCHDOG: eno3 (i40e): transmit queue 44 timed out",
        Evidence = [new EvidenceRef("dmesg_-T", 2, "[Thu Nov  5 16:44:42 2020] NETDEV WATCHDOG: eno3 (i40e): transmit queue 44 timed out")],
    };

    public static QueueStallFact Rx44 { get; } = new()
    {
        Interface = "eno3",
        Queue = 44,
        Kind = "rx-frozen-tx-moving",
        Summary = "rx-44.rx_packets frozen at 49882 over 5 samples while tx-44.tx_packets rose 222225 → 222240",
        Evidence = [new EvidenceRef("ethtool_-S_eno3", 5, "rx-44.rx_packets: 49882")],
    };

    public static HostFacts Host { get; } = new()
    {
        KernelRelease = "3.10.0-693.el7.x86_64",
        KernelConfig = new Dictionary<string, EvidenceRef>
        {
            ["CONFIG_DCB"] = new("grep_DCB_boot_config-3.10.0-693.el7.x86_64", 1, "CONFIG_DCB=y"),
        },
        Nics = [Eno3],
        Events = [Watchdog],
        Stalls = [Rx44],
    };
}
