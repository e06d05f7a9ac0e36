namespace NicDoctor.Nic.Sampling;

/// <summary>Time for the sampler: the real clock on a host, a scripted one in tests.</summary>
public interface ISampleClock
{
    DateTimeOffset Now { get; }

    /// <summary>Blocks for <paramref name="delay"/> or until cancelled.</summary>
    void Wait(TimeSpan delay, CancellationToken cancellationToken);
}

/// <summary>The wall clock and a real sleep.</summary>
public sealed class SystemSampleClock : ISampleClock
{
    public static SystemSampleClock Instance { get; } = new();

    public DateTimeOffset Now => DateTimeOffset.UtcNow;

    public void Wait(TimeSpan delay, CancellationToken cancellationToken) => cancellationToken.WaitHandle.WaitOne(delay);
}
