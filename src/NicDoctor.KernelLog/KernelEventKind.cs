namespace NicDoctor.KernelLog;

/// <summary>What a kernel-log event is. The CLI and JSON spell these in kebab-case (<c>netdev-watchdog</c>).</summary>
public enum KernelEventKind
{
    /// <summary>The core transmit watchdog fired (<c>NETDEV WATCHDOG: …</c>, any of its four formats).</summary>
    NetdevWatchdog,

    /// <summary>A driver's own hang report (<c>Detected Tx Unit Hang</c>, <c>tx_timeout: VSI_seid…</c>, <c>TX timeout on queue</c>…).</summary>
    TxHang,

    /// <summary>A driver's tx-timeout recovery step (<c>tx_timeout recovery level N</c>) or its failure.</summary>
    TxTimeoutRecovery,

    /// <summary>The NIC or its queues were reset (<c>Reset adapter</c>, <c>resetting adapter</c>…).</summary>
    NicReset,

    /// <summary>Link came up.</summary>
    LinkUp,

    /// <summary>Link went down.</summary>
    LinkDown,

    /// <summary>A firmware/NVM inventory line or firmware problem.</summary>
    Firmware,

    /// <summary>The kernel refused to load a module (no symbols, vermagic, symbol CRC, unknown symbol, lockdown…).</summary>
    ModuleLoadFailure,

    /// <summary>A module loaded but tainted the kernel (unsigned, out-of-tree, license).</summary>
    ModuleTaint,

    /// <summary>A <c>WARNING:</c> block (WARN/WARN_ONCE) that is not a known message.</summary>
    KernelWarning,

    /// <summary>A <c>BUG:</c>, <c>kernel BUG at</c>, Oops, general protection fault or panic.</summary>
    KernelBug,
}

/// <summary>Stable kebab-case names of <see cref="KernelEventKind"/> (CLI <c>--kind</c>, JSON).</summary>
public static class KernelEventKinds
{
    private static readonly (KernelEventKind Kind, string Name)[] Names =
    [
        (KernelEventKind.NetdevWatchdog, "netdev-watchdog"),
        (KernelEventKind.TxHang, "tx-hang"),
        (KernelEventKind.TxTimeoutRecovery, "tx-timeout-recovery"),
        (KernelEventKind.NicReset, "nic-reset"),
        (KernelEventKind.LinkUp, "link-up"),
        (KernelEventKind.LinkDown, "link-down"),
        (KernelEventKind.Firmware, "firmware"),
        (KernelEventKind.ModuleLoadFailure, "module-load-failure"),
        (KernelEventKind.ModuleTaint, "module-taint"),
        (KernelEventKind.KernelWarning, "kernel-warning"),
        (KernelEventKind.KernelBug, "kernel-bug"),
    ];

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    public static string Name(this KernelEventKind kind) => Names.First(n => n.Kind == kind).Name;

    public static bool TryParse(string name, out KernelEventKind kind)
    {
        foreach ((KernelEventKind k, string n) in Names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
