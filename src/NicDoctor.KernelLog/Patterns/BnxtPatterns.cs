using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>Broadcom bnxt_en: <c>drivers/net/ethernet/broadcom/bnxt/bnxt.c</c>.</summary>
internal static partial class BnxtPatterns
{
    public static IEnumerable<MessagePattern> All =>
    [
        new("bnxt.tx-timeout", KernelEventKind.TxHang, "TX timeout detected, starting reset task", TxTimeout(),
            "drivers/net/ethernet/broadcom/bnxt/bnxt.c bnxt_tx_timeout(): \"TX timeout detected, starting reset task!\"")
        { Driver = "bnxt_en" },
    ];

    [GeneratedRegex(@"TX timeout detected, starting reset task!", RegexOptions.CultureInvariant)]
    private static partial Regex TxTimeout();
}
