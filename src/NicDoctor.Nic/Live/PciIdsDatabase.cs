using System.Globalization;

namespace NicDoctor.Nic.Live;

/// <summary>
/// Vendor, device and subsystem names from the <c>pci.ids</c> file (Debian: package
/// <c>pci.ids</c>, <c>/usr/share/misc/pci.ids</c>; Red Hat: <c>hwdata</c>, <c>/usr/share/hwdata/pci.ids</c>).
/// </summary>
public sealed class PciIdsDatabase
{
    /// <summary>Where distributions install the file, in the order looked at.</summary>
    public static IReadOnlyList<string> StandardPaths { get; } = ["usr/share/misc/pci.ids", "usr/share/hwdata/pci.ids"];

    private readonly Dictionary<ushort, string> _vendors = [];
    private readonly Dictionary<(ushort, ushort), string> _devices = [];
    private readonly Dictionary<(ushort, ushort, ushort, ushort), string> _subsystems = [];

    public static PciIdsDatabase Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var db = new PciIdsDatabase();
        ushort vendor = 0, device = 0;
        bool inVendor = false;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            if (line.StartsWith("C ", StringComparison.Ordinal))
                break; // device classes follow the vendor list; not needed
            if (line[0] != '\t')
            {
                inVendor = TryHex(line, 0, out vendor);
                if (inVendor)
                    db._vendors[vendor] = line[4..].Trim();
            }
            else if (inVendor && line.Length > 1 && line[1] != '\t')
            {
                if (TryHex(line, 1, out device))
                    db._devices[(vendor, device)] = line[5..].Trim();
            }
            else if (inVendor && line.Length > 11 && TryHex(line, 2, out ushort sv) && TryHex(line, 7, out ushort sd))
            {
                db._subsystems[(vendor, device, sv, sd)] = line[11..].Trim();
            }
        }
        return db;
    }

    /// <summary>Loads the first pci.ids found under <paramref name="root"/>, or null when none is installed.</summary>
    public static PciIdsDatabase? LoadFrom(string root)
    {
        foreach (string rel in StandardPaths)
        {
            string path = Path.Combine(root, rel);
            if (File.Exists(path))
            {
                using var reader = new StreamReader(path);
                return Parse(reader);
            }
        }
        return null;
    }

    public string? Vendor(ushort vendor) => _vendors.GetValueOrDefault(vendor);

    public string? Device(ushort vendor, ushort device) => _devices.GetValueOrDefault((vendor, device));

    public string? Subsystem(ushort vendor, ushort device, ushort subVendor, ushort subDevice) =>
        _subsystems.GetValueOrDefault((vendor, device, subVendor, subDevice));

    private static bool TryHex(string line, int at, out ushort value)
    {
        value = 0;
        return line.Length >= at + 4
            && ushort.TryParse(line.AsSpan(at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
