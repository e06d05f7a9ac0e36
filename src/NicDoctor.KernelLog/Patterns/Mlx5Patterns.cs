using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>Mellanox/NVIDIA mlx5 (and mlx4's queue line): <c>drivers/net/ethernet/mellanox/mlx5/core/</c>.</summary>
internal static partial class Mlx5Patterns
{
    public static IEnumerable<MessagePattern> All =>
    [
        new("mlx5.tx-timeout-queue", KernelEventKind.TxHang, "TX timeout on queue", Mlx5Queue(),
            "drivers/net/ethernet/mellanox/mlx5/core/en/reporter_tx.c mlx5e_tx_reporter_timeout(): \"TX timeout on queue: %d, SQ: 0x%x, CQ: 0x%x, SQ Cons: 0x%x SQ Prod: 0x%x, usecs since last trans: %u\"")
        { Driver = "mlx5_core" },
        new("mlx4.tx-timeout-queue", KernelEventKind.TxHang, "TX timeout on queue", Mlx4Queue(),
            "drivers/net/ethernet/mellanox/mlx4/en_netdev.c mlx4_en_tx_timeout(): \"TX timeout on queue: %d, QP: 0x%x, CQ: 0x%x, Cons: 0x%x, Prod: 0x%x\"")
        { Driver = "mlx4_en" },
        new("mlx5.tx-timeout-detected", KernelEventKind.TxHang, "TX timeout detected", Detected(),
            "drivers/net/ethernet/mellanox/mlx5/core/en_main.c mlx5e_tx_timeout_work(): \"TX timeout detected\""),
        new("mlx5.eq-recovered", KernelEventKind.TxTimeoutRecovery, "eqes on EQ", EqRecovered(),
            "drivers/net/ethernet/mellanox/mlx5/core/eq.c mlx5_eq_poll_irq_disabled(): \"Recovered %d eqes on EQ 0x%x\"")
        { Driver = "mlx5_core" },
    ];

    [GeneratedRegex(@"TX timeout on queue: (?<queue>\d+), SQ: (?<sq>0x[0-9a-fA-F]+), CQ: (?<cq>0x[0-9a-fA-F]+), SQ Cons: (?<cons>0x[0-9a-fA-F]+) SQ Prod: (?<prod>0x[0-9a-fA-F]+), usecs since last trans: (?<usecs>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Mlx5Queue();

    [GeneratedRegex(@"TX timeout on queue: (?<queue>\d+), QP: (?<qp>0x[0-9a-fA-F]+), CQ: (?<cq>0x[0-9a-fA-F]+), Cons: (?<cons>0x[0-9a-fA-F]+), Prod: (?<prod>0x[0-9a-fA-F]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Mlx4Queue();

    [GeneratedRegex(@"^TX timeout detected\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Detected();

    [GeneratedRegex(@"Recovered (?<eqes>\d+) eqes on EQ (?<eq>0x[0-9a-fA-F]+)", RegexOptions.CultureInvariant)]
    private static partial Regex EqRecovered();
}
