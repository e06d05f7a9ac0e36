using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>Intel ice (E810): <c>drivers/net/ethernet/intel/ice/ice_main.c</c>. Recovery-level lines share i40e's rows.</summary>
internal static partial class IcePatterns
{
    private const string Main = "drivers/net/ethernet/intel/ice/ice_main.c";

    public static IEnumerable<MessagePattern> All =>
    [
        new("ice.tx-timeout", KernelEventKind.TxHang, "tx_timeout: VSI_num", TxTimeout(),
            Main + " ice_tx_timeout(): \"tx_timeout: VSI_num: %d, Q %u, NTC: 0x%x, HW_HEAD: 0x%x, NTU: 0x%x, INT: 0x%x\"")
        { Driver = "ice" },
        new("ice.fake-tx-hang", KernelEventKind.TxHang, "Fake Tx hang detected", FakeTxHang(),
            Main + " ice_tx_timeout(): \"Fake Tx hang detected on queue %u, timeout caused by PFC storm\"")
        { Driver = "ice" },
    ];

    [GeneratedRegex(@"tx_timeout: VSI_num: (?<vsi>\d+), Q (?<queue>\d+), NTC: (?<ntc>0x[0-9a-fA-F]+), HW_HEAD: (?<head>0x[0-9a-fA-F]+), NTU: (?<ntu>0x[0-9a-fA-F]+), INT: (?<int>0x[0-9a-fA-F]+)", RegexOptions.CultureInvariant)]
    private static partial Regex TxTimeout();

    [GeneratedRegex(@"Fake Tx hang detected on queue (?<queue>\d+), timeout caused by (?<cause>PFC storm)", RegexOptions.CultureInvariant)]
    private static partial Regex FakeTxHang();
}
