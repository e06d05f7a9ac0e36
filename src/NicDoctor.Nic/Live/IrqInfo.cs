namespace NicDoctor.Nic.Live;

/// <summary>
/// One interrupt line of a NIC queue from <c>/proc/interrupts</c>, e.g. IRQ 312
/// <c>i40e-eno3-TxRx-44</c> (both directions) or <c>virtio2-output.0</c> (tx 0).
/// </summary>
/// <param name="Irq">IRQ number.</param>
/// <param name="Name">Action name as /proc/interrupts prints it.</param>
/// <param name="Queue">Queue number taken from the name.</param>
/// <param name="Direction">Null when one vector serves the rx/tx pair (TxRx).</param>
/// <param name="AffinityCpus">From <c>/proc/irq/N/smp_affinity_list</c>; empty when unreadable.</param>
/// <param name="Count">Interrupts taken, summed over CPUs.</param>
public sealed record IrqInfo(int Irq, string Name, int Queue, Queues.QueueDirection? Direction, IReadOnlyList<int> AffinityCpus, ulong Count);
