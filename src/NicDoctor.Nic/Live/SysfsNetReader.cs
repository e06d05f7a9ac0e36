using System.Globalization;
using System.Text.RegularExpressions;

namespace NicDoctor.Nic.Live;

/// <summary>
/// Reads interface facts and per-queue state from sysfs and procfs under an injectable root
/// (<c>/</c> on a live host, a fake tree in tests). Missing files give null facts, never errors:
/// kernels and drivers differ in what they expose.
/// </summary>
public sealed partial class SysfsNetReader(string root = "/")
{
    public string Root { get; } = root;

    private string ClassNet => Path.Combine(Root, "sys/class/net");

    public IReadOnlyList<string> InterfaceNames()
    {
        if (!Directory.Exists(ClassNet))
            return [];
        return [.. Directory.GetFileSystemEntries(ClassNet).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
    }

    public bool Exists(string name) => Directory.Exists(Path.Combine(ClassNet, name));

    /// <summary>Facts sysfs knows: MAC, MTU, state, PCI identity, driver and its module version, queues, uppers.</summary>
    public NicFacts ReadFacts(string name)
    {
        string dir = InterfaceDir(name);
        string? devicePath = DevicePath(dir);
        string? pciDir = devicePath is null ? null : PciFunctionDir(devicePath);
        string? pci = pciDir is null ? null : Path.GetFileName(pciDir);
        string? driver = devicePath is null ? null : LinkName(Path.Combine(devicePath, "driver"));
        return new NicFacts(name)
        {
            Mac = ReadText(Path.Combine(dir, "address")),
            Mtu = ReadInt(Path.Combine(dir, "mtu")),
            OperState = ReadText(Path.Combine(dir, "operstate")),
            PciAddress = pci,
            VendorId = pciDir is null ? null : ReadHexId(Path.Combine(pciDir, "vendor")),
            DeviceId = pciDir is null ? null : ReadHexId(Path.Combine(pciDir, "device")),
            SubsystemVendorId = pciDir is null ? null : ReadHexId(Path.Combine(pciDir, "subsystem_vendor")),
            SubsystemDeviceId = pciDir is null ? null : ReadHexId(Path.Combine(pciDir, "subsystem_device")),
            Driver = driver,
            DriverVersion = driver is null ? null : ReadText(Path.Combine(Root, "sys/module", driver, "version")),
            TxQueues = CountQueues(dir, "tx-"),
            RxQueues = CountQueues(dir, "rx-"),
            Master = LinkName(Path.Combine(dir, "master")),
            Uppers = [.. Entries(dir).Where(e => e.StartsWith("upper_", StringComparison.Ordinal)).Select(e => e["upper_".Length..]).Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>Every <c>queues/tx-N</c> of the interface, by queue number.</summary>
    public IReadOnlyList<TxQueueState> ReadTxQueues(string name)
    {
        string queues = Path.Combine(InterfaceDir(name), "queues");
        var result = new List<TxQueueState>();
        foreach (int q in QueueNumbers(queues, "tx-"))
        {
            string d = Path.Combine(queues, $"tx-{q}");
            result.Add(new TxQueueState(
                q,
                ReadULong(Path.Combine(d, "tx_timeout")),
                ReadULong(Path.Combine(d, "byte_queue_limits", "inflight")),
                ReadMask(Path.Combine(d, "xps_cpus")),
                ReadMask(Path.Combine(d, "xps_rxqs"))));
        }
        return result;
    }

    /// <summary>Every <c>queues/rx-N</c> of the interface, by queue number.</summary>
    public IReadOnlyList<RxQueueState> ReadRxQueues(string name)
    {
        string queues = Path.Combine(InterfaceDir(name), "queues");
        return [.. QueueNumbers(queues, "rx-").Select(q => new RxQueueState(q, ReadMask(Path.Combine(queues, $"rx-{q}", "rps_cpus"))))];
    }

    /// <summary>The interface's queue interrupts from <c>/proc/interrupts</c>, with their CPU affinity.</summary>
    public IReadOnlyList<IrqInfo> ReadIrqs(string name)
    {
        string interrupts = Path.Combine(Root, "proc/interrupts");
        if (!File.Exists(interrupts))
            return [];
        var names = new List<string> { name };
        string? devicePath = DevicePath(InterfaceDir(name));
        if (devicePath is not null && Path.GetFileName(devicePath).StartsWith("virtio", StringComparison.Ordinal))
            names.Add(Path.GetFileName(devicePath)); // virtio2-input.0 / virtio2-output.0
        IReadOnlyList<IrqInfo> irqs;
        using (var reader = new StreamReader(interrupts))
            irqs = ProcInterruptsParser.Parse(reader, interrupts, names);
        return [.. irqs.Select(i => i with
        {
            AffinityCpus = ReadText(Path.Combine(Root, "proc/irq", i.Irq.ToString(CultureInfo.InvariantCulture), "smp_affinity_list")) is { } list
                ? CpuSet.ParseList(list) : [],
        })];
    }

    private string InterfaceDir(string name)
    {
        string dir = Path.Combine(ClassNet, name);
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"{name}: no such network interface (no {dir})");
        return dir;
    }

    private static string? DevicePath(string interfaceDir)
    {
        // class/net/IF is a symlink into /sys/devices; "device" is relative to where it really lives.
        var real = new DirectoryInfo(interfaceDir).ResolveLinkTarget(returnFinalTarget: true) as DirectoryInfo
            ?? new DirectoryInfo(interfaceDir);
        var device = new DirectoryInfo(Path.Combine(real.FullName, "device"));
        if (!device.Exists)
            return null;
        return (device.ResolveLinkTarget(returnFinalTarget: true) ?? device).FullName;
    }

    /// <summary>
    /// The nearest PCI function directory at or above the device (virtio2 sits under
    /// 0000:00:03.0); the same directory <c>/sys/bus/pci/devices/ADDR</c> links to.
    /// </summary>
    private static string? PciFunctionDir(string devicePath)
    {
        for (string? p = devicePath; !string.IsNullOrEmpty(p); p = Path.GetDirectoryName(p))
        {
            if (PciAddress().IsMatch(Path.GetFileName(p)))
                return p;
        }
        return null;
    }

    private static string? LinkName(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is { } target ? Path.GetFileName(target) : null;
    }

    private static IEnumerable<string> Entries(string dir) =>
        Directory.Exists(dir) ? Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>() : [];

    private static int? CountQueues(string interfaceDir, string prefix)
    {
        string queues = Path.Combine(interfaceDir, "queues");
        return Directory.Exists(queues) ? QueueNumbers(queues, prefix).Count : null;
    }

    private static List<int> QueueNumbers(string queuesDir, string prefix)
    {
        var numbers = new List<int>();
        foreach (string e in Entries(queuesDir))
        {
            if (e.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(e.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int q))
                numbers.Add(q);
        }
        numbers.Sort();
        return numbers;
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (IOException)
        {
            return null; // e.g. EINVAL reading speed of a down link
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int? ReadInt(string path) =>
        int.TryParse(ReadText(path), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static ulong? ReadULong(string path) =>
        ulong.TryParse(ReadText(path), NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : null;

    private static string? ReadHexId(string path) =>
        ReadText(path) is { } t && t.StartsWith("0x", StringComparison.Ordinal) ? t[2..] : null;

    private static IReadOnlyList<int>? ReadMask(string path)
    {
        string? text = ReadText(path);
        if (text is null)
            return null;
        try
        {
            return CpuSet.ParseMask(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$", RegexOptions.CultureInvariant)]
    private static partial Regex PciAddress();
}
