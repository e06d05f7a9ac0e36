using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>Broadcom tg3: <c>drivers/net/ethernet/broadcom/tg3.c</c>.</summary>
internal static partial class Tg3Patterns
{
    public static IEnumerable<MessagePattern> All =>
    [
        new("tg3.transmit-timed-out", KernelEventKind.TxHang, "transmit timed out, resetting", TimedOut(),
            "drivers/net/ethernet/broadcom/tg3.c tg3_tx_timeout(): \"transmit timed out, resetting\"")
        { Driver = "tg3" },
    ];

    [GeneratedRegex(@"transmit timed out, resetting", RegexOptions.CultureInvariant)]
    private static partial Regex TimedOut();
}
