using System.Text.RegularExpressions;
using NicDoctor.Nic.Live;
using NicDoctor.Nic.Queues;
using NicDoctor.Nic.Sampling;
using NicDoctor.Nic.Text;

namespace NicDoctor.Nic.Sources;

/// <summary>
/// A directory of captured tool output, named the way sosreport names it: <c>lspci</c>,
/// <c>lspci_-nn</c>, <c>ethtool_eno3</c>, <c>ethtool_-i_eno3</c>, <c>ethtool_-S_eno3</c>,
/// <c>ethtool_-l_eno3</c>, at the top or under <c>sos_commands/networking/</c> and
/// <c>sos_commands/pci/</c>. A <c>sys/class/net</c> tree inside it adds sysfs facts.
/// </summary>
public sealed partial class CaptureDirectorySource : INicSource
{
    private static readonly string[] SubDirs = ["", "sos_commands/networking", "sos_commands/pci"];
    private readonly string _dir;

    public CaptureDirectorySource(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{directory}: no such directory");
        _dir = directory;
    }

    public string Description => _dir;

    public string? Root => Directory.Exists(Path.Combine(_dir, "sys/class/net")) ? _dir : null;

    public IReadOnlyList<NicFacts> Inventory()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string sub in SubDirs)
        {
            string d = Path.Combine(_dir, sub);
            if (!Directory.Exists(d))
                continue;
            foreach (string file in Directory.GetFiles(d).Select(Path.GetFileName).OfType<string>())
            {
                Match m = EthtoolFile().Match(file);
                if (m.Success)
                    names.Add(m.Groups["if"].Value);
            }
        }
        if (Root is { } root)
        {
            foreach (string n in new SysfsNetReader(root).InterfaceNames())
                names.Add(n);
        }
        IReadOnlyList<PciFunction> pci = ReadLspci();
        return [.. names.Select(n => Facts(n, pci))];
    }

    public NicFacts Facts(string interfaceName) => Facts(interfaceName, ReadLspci());

    public IReadOnlyList<NicSample> Samples(string interfaceName, int count, TimeSpan interval, ISampleClock clock, CancellationToken cancellationToken)
    {
        string path = Find($"ethtool_-S_{interfaceName}")
            ?? throw new FileNotFoundException($"{interfaceName}: no ethtool_-S_{interfaceName} capture in {_dir}", Path.Combine(_dir, $"ethtool_-S_{interfaceName}"));
        using var reader = new StreamReader(path);
        return [.. EthtoolStatsParser.ParseAll(reader, Path.GetFileName(path)).Select(s => new NicSample(s.Time, s))];
    }

    public TxQueueMap QueueMap(string interfaceName)
    {
        if (Root is not { } root)
            throw new FileNotFoundException($"{interfaceName}: {_dir} holds no sys/class/net tree, so no queue map", "sys/class/net");
        return TxQueueMap.Read(new SysfsNetReader(root), interfaceName);
    }

    public void Dispose()
    {
    }

    private NicFacts Facts(string name, IReadOnlyList<PciFunction> pci)
    {
        var facts = new NicFacts(name);
        if (Root is { } root && new SysfsNetReader(root).Exists(name))
            facts = new SysfsNetReader(root).ReadFacts(name);
        if (Parse($"ethtool_-i_{name}", EthtoolDriverInfoParser.Parse) is { } drv)
        {
            facts = facts with
            {
                Driver = drv.Driver,
                DriverVersion = drv.Version,
                FirmwareVersion = drv.FirmwareVersion.Length > 0 ? drv.FirmwareVersion : null,
                BusInfo = drv.BusInfo.Length > 0 ? drv.BusInfo : null,
            };
        }
        facts = facts with
        {
            Link = Parse($"ethtool_{name}", EthtoolSettingsParser.Parse) ?? facts.Link,
            Channels = Parse($"ethtool_-l_{name}", EthtoolChannelsParser.Parse) ?? facts.Channels,
        };
        string? address = facts.PciAddress ?? facts.BusInfo;
        PciFunction? fn = address is null ? null : pci.FirstOrDefault(p => string.Equals(p.FullAddress, address, StringComparison.OrdinalIgnoreCase));
        if (fn is not null)
        {
            facts = facts with
            {
                PciAddress = fn.FullAddress,
                VendorId = facts.VendorId ?? fn.VendorId,
                DeviceId = facts.DeviceId ?? fn.DeviceId,
                DeviceName = facts.DeviceName ?? fn.Description,
            };
        }
        return facts;
    }

    private List<PciFunction> ReadLspci()
    {
        // Prefer the richest capture; sosreport keeps lspci -nnvv.
        foreach (string name in new[] { "lspci_-nnvv", "lspci_-nn", "lspci" })
        {
            if (Parse(name, LspciParser.Parse) is { } list)
                return [.. list];
        }
        return [];
    }

    private T? Parse<T>(string fileName, Func<TextReader, string, T> parse)
        where T : class
    {
        string? path = Find(fileName);
        if (path is null)
            return null;
        using var reader = new StreamReader(path);
        return parse(reader, fileName);
    }

    private string? Find(string fileName) =>
        SubDirs.Select(sub => Path.Combine(_dir, sub, fileName)).FirstOrDefault(File.Exists);

    // ethtool_eno3, ethtool_-i_eno3, ethtool_--show-priv-flags_eno3 (sos names); interface names never start with '-'.
    [GeneratedRegex(@"^ethtool_(?:-[A-Za-z]_|--[a-z-]+_)?(?<if>[^-][^/]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex EthtoolFile();
}
