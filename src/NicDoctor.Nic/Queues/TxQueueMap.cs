using System.Globalization;
using NicDoctor.Nic.Live;

namespace NicDoctor.Nic.Queues;

/// <summary>One transmit queue in the map: who sends on it (XPS), its interrupt and where that runs, its timeouts.</summary>
public sealed record TxQueueMapEntry(TxQueueState State, IReadOnlyList<IrqInfo> Irqs)
{
    /// <summary>RPS CPUs of rx-N, the receive half of the pair (<c>queues/rx-N/rps_cpus</c>); null when absent.</summary>
    public IReadOnlyList<int>? RxRpsCpus { get; init; }
}

/// <summary>
/// The transmit-queue map of an interface, and the kernel's choice of queue for a sending CPU
/// (<c>netdev_pick_tx</c> → <c>get_xps_queue</c> → <c>skb_tx_hash</c>, for drivers without
/// <c>ndo_select_queue</c> such as i40e, ixgbe, veth).
/// </summary>
public sealed record TxQueueMap(string Interface, IReadOnlyList<TxQueueMapEntry> Queues)
{
    public TxQueueChoice Choose(int cpu)
    {
        var xps = Queues.Where(q => q.State.XpsCpus?.Contains(cpu) == true).Select(q => q.State.Queue).ToList();
        string c = cpu.ToString(CultureInfo.InvariantCulture);
        if (xps.Count == 1)
        {
            return new TxQueueChoice(cpu, TxQueueRule.XpsSingle, xps,
                $"XPS: queues/tx-{xps[0]}/xps_cpus is the only map that contains CPU {c}, so packets sent on CPU {c} leave on tx-{xps[0]}");
        }
        if (xps.Count > 1)
        {
            string list = string.Join(", ", xps.Select(q => $"tx-{q}"));
            return new TxQueueChoice(cpu, TxQueueRule.XpsHashAmong, xps,
                $"XPS: CPU {c} is in the xps_cpus of {list}; the flow hash picks one of them per flow");
        }
        int n = Queues.Count;
        if (n == 1)
        {
            return new TxQueueChoice(cpu, TxQueueRule.OnlyQueue, [Queues[0].State.Queue],
                $"the interface has a single tx queue, tx-{Queues[0].State.Queue}: every sender uses it");
        }
        return new TxQueueChoice(cpu, TxQueueRule.Hash, [.. Queues.Select(q => q.State.Queue)],
            $"no XPS map contains CPU {c}: the queue is the flow hash scaled to the {n.ToString(CultureInfo.InvariantCulture)} tx queues (forwarded or tap traffic with a recorded rx queue uses that queue number modulo {n.ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>Reads the map of a live interface: sysfs queue state plus its IRQs and their affinity.</summary>
    public static TxQueueMap Read(SysfsNetReader sysfs, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(sysfs);
        IReadOnlyList<IrqInfo> irqs = sysfs.ReadIrqs(interfaceName);
        var rps = sysfs.ReadRxQueues(interfaceName).ToDictionary(r => r.Queue, r => r.RpsCpus);
        return new TxQueueMap(interfaceName, [.. sysfs.ReadTxQueues(interfaceName).Select(q => new TxQueueMapEntry(
            q, [.. irqs.Where(i => i.Queue == q.Queue && i.Direction != QueueDirection.Rx)])
        {
            RxRpsCpus = rps.GetValueOrDefault(q.Queue),
        })]);
    }
}
