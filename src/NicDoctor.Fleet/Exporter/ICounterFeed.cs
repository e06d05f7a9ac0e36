using NicDoctor.Nic;
using NicDoctor.Nic.Sampling;

namespace NicDoctor.Fleet.Exporter;

/// <summary>Where the exporter's NIC readings come from: the live host, or replayed captures in tests.</summary>
public interface ICounterFeed : IDisposable
{
    /// <summary>The interfaces to export, with driver facts (for labels).</summary>
    IReadOnlyList<NicFacts> Interfaces();

    /// <summary>One reading of the interface's statistics and tx-queue state, stamped <paramref name="now"/>.</summary>
    NicSample Read(string interfaceName, DateTimeOffset now);

    /// <summary>The kernel release the drivers run on (in-tree drivers report it as their version); null when unknown.</summary>
    string? KernelRelease { get; }
}
