using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>Realtek r8169: <c>drivers/net/ethernet/realtek/r8169_main.c</c>.</summary>
internal static partial class R8169Patterns
{
    public static IEnumerable<MessagePattern> All =>
    [
        new("r8169.aspm-disabled-on-tx-timeout", KernelEventKind.TxHang, "ASPM disabled on Tx timeout", AspmDisabled(),
            "drivers/net/ethernet/realtek/r8169_main.c rtl_reset_work(): \"ASPM disabled on Tx timeout\"")
        { Driver = "r8169" },
        // rtl_loop_wait(): "%s == %d (loop: %d, delay: %d).\n" — a reset step that did not finish.
        new("r8169.loop-wait-timeout", KernelEventKind.NicReset, "_cond == ", LoopWait(),
            "drivers/net/ethernet/realtek/r8169_main.c rtl_loop_wait(): \"%s == %d (loop: %d, delay: %d).\""),
    ];

    [GeneratedRegex(@"ASPM disabled on Tx timeout", RegexOptions.CultureInvariant)]
    private static partial Regex AspmDisabled();

    [GeneratedRegex(@"(?<condition>rtl_\w+_cond) == (?<value>\d+) \(loop: (?<loops>\d+), delay: (?<delay>\d+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex LoopWait();
}
