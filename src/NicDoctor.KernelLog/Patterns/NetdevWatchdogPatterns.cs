using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>
/// The core transmit watchdog, <c>net/sched/sch_generic.c</c> <c>dev_watchdog()</c>, in its four
/// formats. The era does not follow from the kernel version (6.1.y/6.6.y got the newer ones as
/// backports), so all are tried, most specific first. The sch_generic.c line number is never used.
/// </summary>
internal static partial class NetdevWatchdogPatterns
{
    public static IEnumerable<MessagePattern> All =>
    [
        // 6.8+ (e316dd1cf135): netdev_crit(dev, "NETDEV WATCHDOG: CPU: %d: transmit queue %u timed out %u ms\n", ...)
        // Interface and driver come from the netdev_printk prefix "<driver> <bus> <ifname>: ".
        // The CPU is raw_smp_processor_id() in the timer: the watchdog's CPU, not the queue's.
        new("netdev-watchdog.cpu", KernelEventKind.NetdevWatchdog, "NETDEV WATCHDOG", CpuFormat(),
            "net/sched/sch_generic.c dev_watchdog(): netdev_crit \"NETDEV WATCHDOG: CPU: %d: transmit queue %u timed out %u ms\" (6.8+, backported to 6.1.y/6.6.y)"),
        // 6.4+ (2f0f9465ad9f): WARN_ONCE(1, "NETDEV WATCHDOG: %s (%s): transmit queue %u timed out %u ms\n", ...)
        new("netdev-watchdog.ms", KernelEventKind.NetdevWatchdog, "NETDEV WATCHDOG", MsFormat(),
            "net/sched/sch_generic.c dev_watchdog(): WARN_ONCE \"NETDEV WATCHDOG: %s (%s): transmit queue %u timed out %u ms\" (6.4+)"),
        // ~2.6.3x–6.3, RHEL 6–9: WARN_ONCE(1, KERN_INFO "NETDEV WATCHDOG: %s (%s): transmit queue %u timed out\n", ...)
        new("netdev-watchdog.queue", KernelEventKind.NetdevWatchdog, "NETDEV WATCHDOG", QueueFormat(),
            "net/sched/sch_generic.c dev_watchdog(): WARN_ONCE \"NETDEV WATCHDOG: %s (%s): transmit queue %u timed out\" (2.6.3x–6.3)"),
        // <= 2.6.2x: printk(KERN_INFO "NETDEV WATCHDOG: %s: transmit timed out\n", dev->name)
        new("netdev-watchdog.legacy", KernelEventKind.NetdevWatchdog, "NETDEV WATCHDOG", LegacyFormat(),
            "net/sched/sch_generic.c dev_watchdog(): printk \"NETDEV WATCHDOG: %s: transmit timed out\" (<= 2.6.2x)"),
    ];

    // The CPU part is optional: some vendor trees print the 6.8 prefix form without it.
    [GeneratedRegex(@"NETDEV WATCHDOG: (?:CPU: (?<cpu>\d+): )?transmit queue (?<queue>\d+) timed out(?: (?<ms>\d+) ms)?", RegexOptions.CultureInvariant)]
    private static partial Regex CpuFormat();

    [GeneratedRegex(@"NETDEV WATCHDOG: (?<iface>[^\s(]+) \((?<driver>[^)]*)\): transmit queue (?<queue>\d+) timed out (?<ms>\d+) ms", RegexOptions.CultureInvariant)]
    private static partial Regex MsFormat();

    [GeneratedRegex(@"NETDEV WATCHDOG: (?<iface>[^\s(]+) \((?<driver>[^)]*)\): transmit queue (?<queue>\d+) timed out", RegexOptions.CultureInvariant)]
    private static partial Regex QueueFormat();

    [GeneratedRegex(@"NETDEV WATCHDOG: (?<iface>[^\s:]+): transmit timed out", RegexOptions.CultureInvariant)]
    private static partial Regex LegacyFormat();
}
