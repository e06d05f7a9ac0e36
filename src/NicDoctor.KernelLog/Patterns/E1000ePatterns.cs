using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>Intel e1000e: <c>drivers/net/ethernet/intel/e1000e/netdev.c</c>.</summary>
internal static partial class E1000ePatterns
{
    private const string Netdev = "drivers/net/ethernet/intel/e1000e/netdev.c";

    public static IEnumerable<MessagePattern> All =>
    [
        new("e1000e.hardware-unit-hang", KernelEventKind.TxHang, "Detected Hardware Unit Hang", HardwareUnitHang(),
            Netdev + " e1000_print_hw_hang(): \"Detected Hardware Unit Hang:\\n  TDH <%x>\\n  TDT <%x>…\\nPCI Status <%x>\"")
        { Driver = "e1000e", StartsDump = true },
        new("e1000e.reset-unexpectedly", KernelEventKind.NicReset, "Reset adapter unexpectedly", ResetUnexpectedly(),
            Netdev + " e1000_reset_task(): \"Reset adapter unexpectedly\"")
        { Driver = "e1000e" },
    ];

    [GeneratedRegex(@"Detected Hardware Unit Hang:?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex HardwareUnitHang();

    [GeneratedRegex(@"Reset adapter unexpectedly", RegexOptions.CultureInvariant)]
    private static partial Regex ResetUnexpectedly();
}
