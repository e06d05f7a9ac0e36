using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>Link up/down lines: timeline context for the same interface.</summary>
internal static partial class LinkPatterns
{
    public static IEnumerable<MessagePattern> All =>
    [
        // Intel drivers and vmxnet3/bnxt use "NIC Link is Up …"; igb/e1000e on older kernels print
        // "<ifname> NIC Link is Up" after a "driver: " prefix, so the name may stand before it.
        new("nic.link-up", KernelEventKind.LinkUp, "NIC Link is Up", NicLinkUp(),
            "intel/e1000e/netdev.c e1000_print_link_info(), igb/igb_main.c igb_watchdog_task(), ixgbe_main.c ixgbe_watchdog_link_is_up(), "
            + "i40e_main.c i40e_print_link_message(), vmxnet3_drv.c vmxnet3_check_link(), bnxt.c bnxt_report_link(): \"NIC Link is Up …\""),
        new("nic.link-down", KernelEventKind.LinkDown, "NIC Link is Down", NicLinkDown(),
            "intel/*, vmxnet3_drv.c, bnxt.c: \"NIC Link is Down\""),
        new("phy.link-up", KernelEventKind.LinkUp, "Link is Up - ", PhyLinkUp(),
            "drivers/net/phy/phy.c phy_print_status() / phylink.c phylink_link_up(): \"Link is Up - %s/%s - flow control %s\""),
        new("phy.link-down", KernelEventKind.LinkDown, "Link is Down", PhyLinkDown(),
            "drivers/net/phy/phy.c phy_print_status() / phylink.c phylink_link_down(): \"Link is Down\""),
        new("tg3.link-up", KernelEventKind.LinkUp, "Link is up at", Tg3LinkUp(),
            "drivers/net/ethernet/broadcom/tg3.c tg3_link_report(): \"Link is up at %d Mbps, %s duplex\""),
        new("tg3.link-down", KernelEventKind.LinkDown, "Link is down", Tg3LinkDown(),
            "drivers/net/ethernet/broadcom/tg3.c tg3_link_report(): \"Link is down\""),
        new("mlx5.link", KernelEventKind.LinkUp, "Link up", Mlx5LinkUp(),
            "drivers/net/ethernet/mellanox/mlx5/core/en_main.c mlx5e_update_carrier(): \"Link up\""),
        new("mlx5.link-down", KernelEventKind.LinkDown, "Link down", Mlx5LinkDown(),
            "drivers/net/ethernet/mellanox/mlx5/core/en_main.c mlx5e_update_carrier(): \"Link down\""),
    ];

    [GeneratedRegex(@"(?:^|\b(?<iface>[\w.@-]+) )NIC Link is Up\b,? ?(?<detail>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NicLinkUp();

    [GeneratedRegex(@"(?:^|\b(?<iface>[\w.@-]+) )NIC Link is Down\b", RegexOptions.CultureInvariant)]
    private static partial Regex NicLinkDown();

    [GeneratedRegex(@"^Link is Up - (?<detail>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PhyLinkUp();

    [GeneratedRegex(@"^Link is Down\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PhyLinkDown();

    [GeneratedRegex(@"^Link is up at (?<detail>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Tg3LinkUp();

    [GeneratedRegex(@"^Link is down\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Tg3LinkDown();

    [GeneratedRegex(@"^Link up\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Mlx5LinkUp();

    [GeneratedRegex(@"^Link down\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Mlx5LinkDown();
}
