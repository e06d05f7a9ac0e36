using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Extraction;

/// <summary>
/// The prefix the kernel's <c>dev_*</c>/<c>netdev_*</c>/<c>pr_*</c> helpers put before a message:
/// <c>i40e 0000:1a:00.2 eno3: </c> (netdev), <c>igb 0000:02:00.0: </c> (dev, no interface),
/// <c>ixgbe 0000:08:00.1: eth3: </c> (2.6.32 netdev), <c>igb: </c> (pr_* with KBUILD_MODNAME),
/// <c>eth0: </c> (netdev without parent).
/// </summary>
internal readonly partial record struct DevicePrefix(string? Driver, string? Bus, string? Interface, int BodyStart)
{
    public string? PciAddress => Bus is not null && PciRegex().IsMatch(Bus) ? Bus : null;

    public string? BusId => Bus is not null && PciAddress is null ? Bus : null;

    public static DevicePrefix Parse(string text)
    {
        int sp1 = text.IndexOf(' ', StringComparison.Ordinal);
        if (sp1 <= 0)
            return default;
        string first = text[..sp1];
        // "driver: rest" (pr_* prefix) or "eth0: rest" (netdev without a parent device).
        if (first.Length > 1 && first[^1] == ':')
        {
            string name = first[..^1];
            if (!IsDriverName(name))
                return default;
            return LooksLikeInterface(name) ? new DevicePrefix(null, null, name, sp1 + 1) : new DevicePrefix(name, null, null, sp1 + 1);
        }
        if (!IsDriverName(first))
            return default;
        int sp2 = text.IndexOf(' ', sp1 + 1);
        if (sp2 < 0)
            return default;
        string second = text[(sp1 + 1)..sp2];
        if (second.Length > 1 && second[^1] == ':')
        {
            // dev_* form "driver bus: rest", maybe followed by a 2.6.32-style "ifname: ".
            string bus = second[..^1];
            if (!IsBusId(bus))
                return default;
            int sp3 = text.IndexOf(' ', sp2 + 1);
            if (sp3 > sp2 + 2 && text[sp3 - 1] == ':' && LooksLikeInterface(text[(sp2 + 1)..(sp3 - 1)]))
                return new DevicePrefix(first, bus, text[(sp2 + 1)..(sp3 - 1)], sp3 + 1);
            return new DevicePrefix(first, bus, null, sp2 + 1);
        }
        if (!IsBusId(second))
            return default;
        int sp4 = text.IndexOf(' ', sp2 + 1);
        if (sp4 < 0 || text[sp4 - 1] != ':')
            return default;
        string iface = text[(sp2 + 1)..(sp4 - 1)];
        return IsInterfaceToken(iface) ? new DevicePrefix(first, second, iface, sp4 + 1) : default;
    }

    private static bool IsDriverName(string s) => s.Length is > 0 and <= 32 && DriverRegex().IsMatch(s);

    private static bool IsBusId(string s) => s.Length is > 0 and <= 64 && BusRegex().IsMatch(s);

    private static bool IsInterfaceToken(string s) => s.Length is > 0 and <= 15 && InterfaceRegex().IsMatch(s);

    /// <summary>Common interface names: eth0, eno3, enp2s0f1, ens192, wlan0, bond0, br-lan, wan…</summary>
    private static bool LooksLikeInterface(string s) => IsInterfaceToken(s) && IfaceNameRegex().IsMatch(s);

    [GeneratedRegex(@"^[a-z0-9_][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex DriverRegex();

    [GeneratedRegex(@"^(?=[^ ]*\d)[\w.:+-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex BusRegex();

    [GeneratedRegex(@"^[\w.@-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex InterfaceRegex();

    [GeneratedRegex(@"^(?:eth|en[opsxPb]|wl|ww|ib|bond|team|br|vlan|veth|tap|tun|lan|wan|em|p\d|vmnic|virbr)[\w.@-]*\d[\w.@-]*$|^(?:wan|lan)$", RegexOptions.CultureInvariant)]
    private static partial Regex IfaceNameRegex();

    [GeneratedRegex(@"^[0-9a-fA-F]{4,8}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$", RegexOptions.CultureInvariant)]
    private static partial Regex PciRegex();
}
