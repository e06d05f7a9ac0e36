using NicDoctor.Nic.Live;
using NicDoctor.Nic.Queues;
using NicDoctor.Nic.Sampling;

namespace NicDoctor.Nic.Sources;

/// <summary>
/// The running host: sysfs and procfs under <see cref="Root"/> for inventory and queue state, the
/// SIOCETHTOOL ioctl for driver facts and statistics. No ethtool binary is involved.
/// </summary>
public sealed class LiveNicSource : INicSource
{
    private readonly SysfsNetReader _sysfs;
    private readonly Lazy<EthtoolClient> _ethtool;
    private readonly Lazy<PciIdsDatabase?> _pciIds;

    public LiveNicSource(string root = "/", EthtoolClient? ethtool = null)
    {
        Root = root;
        _sysfs = new SysfsNetReader(root);
        _ethtool = new Lazy<EthtoolClient>(() => ethtool ?? EthtoolClient.Open());
        _pciIds = new Lazy<PciIdsDatabase?>(() => PciIdsDatabase.LoadFrom(root));
    }

    public string Description => "live host";

    public string? Root { get; }

    public IReadOnlyList<NicFacts> Inventory() => [.. _sysfs.InterfaceNames().Select(Facts)];

    /// <summary>Everything known about one interface.</summary>
    public NicFacts Facts(string interfaceName)
    {
        NicFacts facts = _sysfs.ReadFacts(interfaceName);
        EthtoolClient ethtool = _ethtool.Value;
        DriverInfo? drv = Try(() => ethtool.GetDriverInfo(interfaceName));
        facts = facts with
        {
            Driver = drv?.Driver ?? facts.Driver,
            DriverVersion = drv?.Version ?? facts.DriverVersion,
            FirmwareVersion = drv?.FirmwareVersion is { Length: > 0 } fw ? fw : null,
            BusInfo = drv?.BusInfo is { Length: > 0 } bus ? bus : null,
            Link = Try(() => ethtool.GetLinkSettings(interfaceName)),
            Channels = Try(() => ethtool.GetChannels(interfaceName)),
        };
        return PciNames.Apply(facts, _pciIds.Value);
    }

    /// <summary>One reading of statistics and tx-queue sysfs state, stamped with <paramref name="time"/>.</summary>
    public NicSample ReadSample(string interfaceName, DateTimeOffset time)
    {
        StatsSnapshot stats = _ethtool.Value.GetStats(interfaceName, time);
        return new NicSample(time, stats, _sysfs.ReadTxQueues(interfaceName));
    }

    public IReadOnlyList<NicSample> Samples(string interfaceName, int count, TimeSpan interval, ISampleClock clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!_sysfs.Exists(interfaceName))
            throw new DirectoryNotFoundException($"{interfaceName}: no such network interface");
        var samples = new List<NicSample>(count);
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
                clock.Wait(interval, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            samples.Add(ReadSample(interfaceName, clock.Now));
        }
        return samples;
    }

    public TxQueueMap QueueMap(string interfaceName) => TxQueueMap.Read(_sysfs, interfaceName);

    public void Dispose()
    {
        if (_ethtool.IsValueCreated)
            _ethtool.Value.Dispose();
    }

    private static T? Try<T>(Func<T> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (EthtoolException)
        {
            return null; // lo and other devices without ethtool_ops; facts stay unknown
        }
    }
}
