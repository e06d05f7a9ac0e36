namespace NicDoctor.Nic;

/// <summary>
/// One PCI function as <c>lspci</c> or <c>lspci -nn</c> prints it. Ids are null when the capture
/// was made without <c>-nn</c>; <see cref="Description"/> is vendor and device name as printed.
/// </summary>
public sealed record PciFunction(
    string Address,
    string ClassName,
    string? ClassId,
    string Description,
    string? VendorId,
    string? DeviceId,
    string? Revision)
{
    /// <summary><c>Subsystem:</c> line of <c>lspci -v</c> captures, when present.</summary>
    public string? Subsystem { get; init; }

    /// <summary><c>Kernel driver in use:</c> line of <c>lspci -k</c>/<c>-v</c> captures, when present.</summary>
    public string? KernelDriver { get; init; }

    /// <summary>Address with the PCI domain, as sysfs and <c>ethtool -i</c> bus-info spell it.</summary>
    public string FullAddress => Address.Count(c => c == ':') == 2 ? Address : "0000:" + Address;
}
