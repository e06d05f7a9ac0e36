using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>
/// Intel ixgbe / igb / igc / e1000: the <c>Detected Tx Unit Hang</c> register dump and the resets
/// that follow. igb logs the dump with <c>dev_err</c>, so its lines carry the PCI address only.
/// </summary>
internal static partial class IxgbeIgbPatterns
{
    public static IEnumerable<MessagePattern> All =>
    [
        new("intel.tx-unit-hang", KernelEventKind.TxHang, "Detected Tx Unit Hang", TxUnitHang(),
            "drivers/net/ethernet/intel/ixgbe/ixgbe_main.c ixgbe_clean_tx_irq(): \"Detected Tx Unit Hang %s\\n  Tx Queue <%d>\\n  TDH, TDT <%x>, <%x>…\"; "
            + "igb/igb_main.c igb_clean_tx_irq() (dev_err): \"Detected Tx Unit Hang\\n  Tx Queue <%d>\\n  TDH <%x>…\"; e1000/e1000_main.c e1000_clean_tx_irq()")
        { StartsDump = true },
        new("ixgbe.tx-hang-reset", KernelEventKind.NicReset, "detected on queue", TxHangReset(),
            "drivers/net/ethernet/intel/ixgbe/ixgbe_main.c ixgbe_clean_tx_irq(): \"tx hang %d detected on queue %d, resetting adapter\"")
        { Driver = "ixgbe" },
        new("intel.reset-adapter", KernelEventKind.NicReset, "Reset adapter", ResetAdapter(),
            "drivers/net/ethernet/intel/igb/igb_main.c igb_reset_task() / ixgbe_main.c ixgbe_reset_subtask(): \"Reset adapter\""),
    ];

    [GeneratedRegex(@"Detected Tx Unit Hang(?: (?<xdp>\(XDP\)))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TxUnitHang();

    [GeneratedRegex(@"tx hang (?<count>\d+) detected on queue (?<queue>\d+), resetting adapter", RegexOptions.CultureInvariant)]
    private static partial Regex TxHangReset();

    [GeneratedRegex(@"^Reset adapter\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ResetAdapter();
}
