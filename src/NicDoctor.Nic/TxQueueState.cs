namespace NicDoctor.Nic;

/// <summary>
/// sysfs state of one transmit queue (<c>/sys/class/net/IF/queues/tx-N/</c>). A null value is a
/// file this kernel or driver does not have (BQL, <c>xps_rxqs</c> before 4.18).
/// </summary>
/// <param name="Queue">Queue number N of tx-N.</param>
/// <param name="TxTimeout">Watchdog timeouts counted on this queue (<c>tx_timeout</c>, since 3.3).</param>
/// <param name="BqlInflight">Bytes handed to the hardware and not yet completed (<c>byte_queue_limits/inflight</c>).</param>
/// <param name="XpsCpus">CPUs that send on this queue by XPS (<c>xps_cpus</c>); empty = no map.</param>
/// <param name="XpsRxqs">Receive queues mapped to this queue (<c>xps_rxqs</c>).</param>
public sealed record TxQueueState(int Queue, ulong? TxTimeout, ulong? BqlInflight, IReadOnlyList<int>? XpsCpus, IReadOnlyList<int>? XpsRxqs);

/// <summary>sysfs state of one receive queue: its RPS CPU set (<c>queues/rx-N/rps_cpus</c>).</summary>
public sealed record RxQueueState(int Queue, IReadOnlyList<int>? RpsCpus);
