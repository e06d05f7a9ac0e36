namespace NicDoctor.Fleet.Metrics;

/// <summary>
/// The metric names nicdoctor exports, shared by the exporter, the POSIX collector's
/// <c>--prom</c> output and <c>contrib/prometheus/nicdoctor.rules.yml</c>. Queues and directions
/// are labels, never part of the name, so one rule covers every queue of every driver.
/// </summary>
public static class MetricNames
{
    public const string QueuePackets = "nicdoctor_queue_packets_total";
    public const string QueueBytes = "nicdoctor_queue_bytes_total";
    public const string QueueTxTimeouts = "nicdoctor_queue_tx_timeouts_total";
    public const string QueueStalled = "nicdoctor_queue_stalled";
    public const string StallWindowSamples = "nicdoctor_stall_window_samples";
    public const string NicInfo = "nicdoctor_nic_info";
    public const string DriverKnownFixed = "nicdoctor_driver_known_fixed";
    public const string KernelEvents = "nicdoctor_kernel_events_total";
    public const string KernelLogUp = "nicdoctor_kernel_log_up";
}
