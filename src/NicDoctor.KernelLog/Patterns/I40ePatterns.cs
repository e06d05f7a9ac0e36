using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>Intel i40e (X710/XL710/X722): <c>drivers/net/ethernet/intel/i40e/i40e_main.c</c>.</summary>
internal static partial class I40ePatterns
{
    private const string Main = "drivers/net/ethernet/intel/i40e/i40e_main.c";

    public static IEnumerable<MessagePattern> All =>
    [
        new("i40e.tx-timeout", KernelEventKind.TxHang, "tx_timeout: VSI_seid", TxTimeout(),
            Main + " i40e_tx_timeout(): \"tx_timeout: VSI_seid: %d, Q %d, NTC: 0x%x, HWB: 0x%x, NTU: 0x%x, TAIL: 0x%x, INT: 0x%x\"")
        { Driver = "i40e" },
        new("i40e.no-hung-queue", KernelEventKind.TxHang, "tx_timeout: no netdev hung queue found", NoHungQueue(),
            Main + " i40e_tx_timeout() (pre-5.6; also RHEL 7.9 ice): \"tx_timeout: no netdev hung queue found\""),
        // Shared text with ice (ice_main.c ice_tx_timeout()); 5.5 and RHEL 7 say "hung_queue", 5.6+ "txqueue",
        // very old drivers print only the level.
        new("i40e.tx-timeout-recovery", KernelEventKind.TxTimeoutRecovery, "tx_timeout recovery level", RecoveryLevel(),
            Main + " i40e_tx_timeout(): \"tx_timeout recovery level %d, hung_queue %d\" / \"…, txqueue %d\" (also ice_main.c)"),
        new("i40e.tx-timeout-unsuccessful", KernelEventKind.TxTimeoutRecovery, "tx_timeout recovery unsuccessful", RecoveryFailed(),
            Main + " i40e_tx_timeout(): \"tx_timeout recovery unsuccessful\" (6.x adds \", device is in non-recoverable state.\"; ice: \"unrecoverable\")"),
        // Old service-task detector (out-of-tree 1.3.38–2.1.26, RHEL 7.3 1.5.10-k, mainline <= 4.15).
        new("i40e.hung-tx-queue", KernelEventKind.TxHang, "Hung TX queue", HungTxQueue(),
            Main + " i40e_detect_recover_hung_queue(): \"VSI_seid %d, Hung TX queue %d, tx_pending_hw: %d, NTC:0x%x, HWB: 0x%x, NTU: 0x%x, TAIL: 0x%x\"")
        { Driver = "i40e" },
        new("i40e.force-wb", KernelEventKind.TxTimeoutRecovery, "Issuing force_wb", ForceWb(),
            Main + " i40e_detect_recover_hung_queue(): \"VSI_seid %d, Issuing force_wb for TX queue %d, Interrupt Reg: 0x%x\"")
        { Driver = "i40e" },
    ];

    [GeneratedRegex(@"tx_timeout: VSI_seid: (?<vsi>\d+), Q (?<queue>\d+), NTC: (?<ntc>0x[0-9a-fA-F]+), HWB: (?<hwb>0x[0-9a-fA-F]+), NTU: (?<ntu>0x[0-9a-fA-F]+), TAIL: (?<tail>0x[0-9a-fA-F]+), INT: (?<int>0x[0-9a-fA-F]+)", RegexOptions.CultureInvariant)]
    private static partial Regex TxTimeout();

    [GeneratedRegex(@"tx_timeout: no netdev hung queue found", RegexOptions.CultureInvariant)]
    private static partial Regex NoHungQueue();

    [GeneratedRegex(@"tx_timeout recovery level (?<level>\d+)(?:, (?:hung_queue|txqueue) (?<queue>\d+))?", RegexOptions.CultureInvariant)]
    private static partial Regex RecoveryLevel();

    [GeneratedRegex(@"tx_timeout recovery unsuccessful", RegexOptions.CultureInvariant)]
    private static partial Regex RecoveryFailed();

    [GeneratedRegex(@"VSI_seid (?<vsi>\d+), Hung TX queue (?<queue>\d+), tx_pending_hw: (?<pending>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex HungTxQueue();

    [GeneratedRegex(@"VSI_seid (?<vsi>\d+), Issuing force_wb for TX queue (?<queue>\d+), Interrupt Reg: (?<intreg>0x[0-9a-fA-F]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ForceWb();
}
