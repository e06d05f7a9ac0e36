using NicDoctor.Nic.Queues;
using NicDoctor.Nic.Sampling;

namespace NicDoctor.Nic.Sources;

/// <summary>
/// Where NIC facts come from: the live host (sysfs + ethtool ioctl) or a directory of captured
/// tool output (a sosreport, a nicdoctor bundle, the sample incident). Same model either way.
/// </summary>
public interface INicSource : IDisposable
{
    /// <summary>Human description for headings: <c>live host</c> or the directory.</summary>
    string Description { get; }

    /// <summary>Root of the sysfs/procfs tree this source reads (<c>/</c> live; null when there is none).</summary>
    string? Root { get; }

    IReadOnlyList<NicFacts> Inventory();

    /// <summary>
    /// Statistics samples of one interface: live, <paramref name="count"/> readings
    /// <paramref name="interval"/> apart; from captures, the recorded snapshots (count and interval ignored).
    /// </summary>
    IReadOnlyList<NicSample> Samples(string interfaceName, int count, TimeSpan interval, ISampleClock clock, CancellationToken cancellationToken);

    TxQueueMap QueueMap(string interfaceName);
}
