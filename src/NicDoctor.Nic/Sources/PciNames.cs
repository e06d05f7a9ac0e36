using System.Globalization;
using NicDoctor.Nic.Live;

namespace NicDoctor.Nic.Sources;

/// <summary>Fills vendor/device/subsystem names from pci.ids when the ids are known and the names are not.</summary>
internal static class PciNames
{
    public static NicFacts Apply(NicFacts facts, PciIdsDatabase? db)
    {
        if (db is null || !TryId(facts.VendorId, out ushort v))
            return facts;
        bool hasDevice = TryId(facts.DeviceId, out ushort d);
        bool hasSub = TryId(facts.SubsystemVendorId, out ushort sv) & TryId(facts.SubsystemDeviceId, out ushort sd);
        return facts with
        {
            VendorName = db.Vendor(v) ?? facts.VendorName,
            DeviceName = (hasDevice ? db.Device(v, d) : null) ?? facts.DeviceName,
            SubsystemName = (hasDevice && hasSub ? db.Subsystem(v, d, sv, sd) ?? db.Vendor(sv) : null) ?? facts.SubsystemName,
        };
    }

    private static bool TryId(string? hex, out ushort id)
    {
        id = 0;
        return hex is not null && ushort.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id);
    }
}
