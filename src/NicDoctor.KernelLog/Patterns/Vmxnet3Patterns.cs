using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>VMware vmxnet3: <c>drivers/net/vmxnet3/vmxnet3_drv.c</c>.</summary>
internal static partial class Vmxnet3Patterns
{
    private const string Drv = "drivers/net/vmxnet3/vmxnet3_drv.c";

    public static IEnumerable<MessagePattern> All =>
    [
        new("vmxnet3.tx-hang", KernelEventKind.TxHang, "tx hang", TxHang(),
            Drv + " vmxnet3_tx_timeout(): netdev_err \"tx hang\"")
        { Driver = "vmxnet3" },
        new("vmxnet3.resetting", KernelEventKind.NicReset, "resetting", Resetting(),
            Drv + " vmxnet3_reset_work(): netdev_notice \"resetting\"")
        { Driver = "vmxnet3" },
    ];

    // The whole message is just "tx hang" / "resetting": anchor to the end so other drivers' text cannot match.
    [GeneratedRegex(@"^tx hang\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TxHang();

    [GeneratedRegex(@"^resetting\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Resetting();
}
