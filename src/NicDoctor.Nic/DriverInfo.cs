namespace NicDoctor.Nic;

/// <summary>What <c>ethtool -i IF</c> prints (ETHTOOL_GDRVINFO).</summary>
/// <param name="Driver">Driver (module) name, <c>i40e</c>.</param>
/// <param name="Version">The driver version; in-tree drivers without their own version report the kernel release.</param>
/// <param name="FirmwareVersion">For i40e: NVM version, eetrack, OEM version (<c>3.33 0x80000f09 255.65535.255</c>).</param>
/// <param name="ExpansionRomVersion">Option ROM version, usually empty.</param>
/// <param name="BusInfo">PCI address for PCI devices (<c>0000:1a:00.2</c>), else driver-defined or empty.</param>
public sealed record DriverInfo(
    string Driver,
    string Version,
    string FirmwareVersion,
    string ExpansionRomVersion,
    string BusInfo)
{
    /// <summary>Number of statistics the driver reported in GDRVINFO (live only; text captures do not carry it).</summary>
    public int? StatsCount { get; init; }
}
