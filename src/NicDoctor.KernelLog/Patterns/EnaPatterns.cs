using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>Amazon ENA: <c>drivers/net/ethernet/amazon/ena/ena_netdev.c</c>.</summary>
internal static partial class EnaPatterns
{
    private const string Netdev = "drivers/net/ethernet/amazon/ena/ena_netdev.c";

    public static IEnumerable<MessagePattern> All =>
    [
        new("ena.missing-tx-completion", KernelEventKind.TxHang, "Tx that wasn't completed on time", MissingCompletion(),
            Netdev + " check_missing_comp_in_tx_queue(): \"Found a Tx that wasn't completed on time, qid %d, index %d.\"")
        { Driver = "ena" },
        new("ena.lost-completions-reset", KernelEventKind.NicReset, "lost tx completions is above the threshold", LostCompletions(),
            Netdev + " check_missing_comp_in_tx_queue(): \"The number of lost tx completions is above the threshold (%d > %d). Reset the device\"")
        { Driver = "ena" },
        new("ena.trigger-reset", KernelEventKind.NicReset, "Trigger reset is on", TriggerReset(),
            Netdev + " ena_fw_reset_device() / ena_dump_stats: \"Trigger reset is on\"")
        { Driver = "ena" },
        new("ena.reset-completed", KernelEventKind.NicReset, "Device reset completed successfully", ResetCompleted(),
            Netdev + " ena_restore_device(): \"Device reset completed successfully, Driver info: %s\"")
        { Driver = "ena" },
        new("ena.tx-timeout-invalid-queue", KernelEventKind.TxHang, "TX timeout on invalid queue", InvalidQueue(),
            Netdev + " ena_tx_timeout(): \"TX timeout on invalid queue %u\"")
        { Driver = "ena" },
    ];

    [GeneratedRegex(@"Found a Tx that wasn't completed on time, qid (?<queue>\d+), index (?<index>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex MissingCompletion();

    [GeneratedRegex(@"lost tx completions is above the threshold \((?<lost>\d+) > (?<threshold>\d+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex LostCompletions();

    [GeneratedRegex(@"Trigger reset is on", RegexOptions.CultureInvariant)]
    private static partial Regex TriggerReset();

    [GeneratedRegex(@"Device reset completed successfully(?:, Driver info: (?<info>.*))?", RegexOptions.CultureInvariant)]
    private static partial Regex ResetCompleted();

    [GeneratedRegex(@"TX timeout on invalid queue (?<queue>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidQueue();
}
