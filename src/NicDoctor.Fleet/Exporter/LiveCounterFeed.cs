using NicDoctor.Nic;
using NicDoctor.Nic.Sampling;
using NicDoctor.Nic.Sources;

namespace NicDoctor.Fleet.Exporter;

/// <summary>The running host: the SIOCETHTOOL ioctl and sysfs under <c>root</c>, read at each scrape.</summary>
public sealed class LiveCounterFeed(string root = "/") : ICounterFeed
{
    private readonly LiveNicSource _source = new(root);

    public string? KernelRelease { get; } = ReadRelease(root);

    // Interfaces come and go (bonds, VFs): the inventory is re-read at every scrape. Devices
    // without a driver (lo, tunnels) have no queue counters to export.
    public IReadOnlyList<NicFacts> Interfaces() =>
        [.. _source.Inventory().Where(f => f.Name != "lo" && !string.IsNullOrEmpty(f.Driver))];

    public NicSample Read(string interfaceName, DateTimeOffset now) => _source.ReadSample(interfaceName, now);

    public void Dispose() => _source.Dispose();

    private static string? ReadRelease(string root)
    {
        try
        {
            return File.ReadAllText(Path.Combine(root, "proc/sys/kernel/osrelease")).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
