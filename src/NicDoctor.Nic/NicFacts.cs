namespace NicDoctor.Nic;

/// <summary>
/// Inventory of one network interface: hardware identity, driver and firmware, link, queues and
/// the devices stacked on it. Every fact is optional: a source fills what it knows.
/// </summary>
public sealed record NicFacts(string Name)
{
    /// <summary>PCI address with domain (<c>0000:1a:00.2</c>); null for virtual devices.</summary>
    public string? PciAddress { get; init; }

    /// <summary>Hex ids without <c>0x</c>, as lspci -nn prints them (<c>8086</c>, <c>37d1</c>).</summary>
    public string? VendorId { get; init; }
    public string? DeviceId { get; init; }
    public string? SubsystemVendorId { get; init; }
    public string? SubsystemDeviceId { get; init; }

    /// <summary>Names from pci.ids, or the lspci description when that is all there is.</summary>
    public string? VendorName { get; init; }
    public string? DeviceName { get; init; }
    public string? SubsystemName { get; init; }

    public string? Driver { get; init; }
    public string? DriverVersion { get; init; }
    public string? FirmwareVersion { get; init; }
    public string? BusInfo { get; init; }

    public string? Mac { get; init; }
    public int? Mtu { get; init; }

    /// <summary>sysfs <c>operstate</c>: up, down, unknown, lowerlayerdown….</summary>
    public string? OperState { get; init; }
    public LinkSettings? Link { get; init; }
    public ChannelCounts? Channels { get; init; }

    /// <summary>Queues the kernel has (<c>queues/tx-N</c>, <c>queues/rx-N</c> in sysfs).</summary>
    public int? TxQueues { get; init; }
    public int? RxQueues { get; init; }

    /// <summary>The bond or bridge this interface is enslaved to (sysfs <c>master</c>).</summary>
    public string? Master { get; init; }

    /// <summary>Devices stacked on this one: bond, bridge, macvtap/macvlan, vlan (sysfs <c>upper_*</c>).</summary>
    public IReadOnlyList<string> Uppers { get; init; } = [];
}
