namespace NicDoctor.Fleet.Metrics;

/// <summary>The Prometheus metric types nicdoctor exports.</summary>
public enum MetricType
{
    Counter,
    Gauge,
}
