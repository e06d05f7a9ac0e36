using NicDoctor.KernelModules;
using NicDoctor.Upgrade.Boot;

namespace NicDoctor.Upgrade.HostFit;

/// <summary>
/// Finds the drivers under a block device the way dracut's host-only mode does: from
/// <c>/sys/class/block/NAME</c> (a partition goes to its disk, a dm/md device to its slaves),
/// walk the device's sysfs path upwards and take every bound driver's module
/// (<c>driver/module</c>, else the driver name).
/// </summary>
internal static class StorageTopology
{
    public static void Collect(HostRoot host, string device, List<string> blockDevices, List<string> drivers, List<string> notes)
    {
        string? name = BlockName(host, device);
        if (name is null)
        {
            notes.Add($"root device {device} is not a /dev node under this root: storage drivers not known (check by hand)");
            return;
        }
        Visit(host, name, blockDevices, drivers, notes, depth: 0);
    }

    private static void Visit(HostRoot host, string name, List<string> blockDevices, List<string> drivers, List<string> notes, int depth)
    {
        string classDir = host.Resolve($"/sys/class/block/{name}");
        if (!Directory.Exists(classDir))
            classDir = host.Resolve($"/sys/block/{name}");
        if (!Directory.Exists(classDir))
        {
            notes.Add($"/sys/class/block/{name} not found: storage drivers of the root device not known");
            return;
        }
        // A partition's directory has a "partition" file and sits inside its disk's directory.
        if (File.Exists(Path.Join(classDir, "partition")))
            classDir = Path.GetDirectoryName(classDir)!;
        string disk = Path.GetFileName(classDir);
        if (!blockDevices.Contains(disk))
            blockDevices.Add(disk);
        string slaves = Path.Join(classDir, "slaves");
        if (Directory.Exists(slaves) && depth < 8 && Directory.EnumerateFileSystemEntries(slaves).Any())
        {
            foreach (string slave in Directory.EnumerateFileSystemEntries(slaves).Order(StringComparer.Ordinal))
                Visit(host, Path.GetFileName(slave), blockDevices, drivers, notes, depth + 1);
            if (disk.StartsWith("dm-", StringComparison.Ordinal))
                Add(drivers, "dm_mod");
            return;
        }
        string device = Path.Join(classDir, "device");
        if (!Directory.Exists(device))
            return;
        string devices = host.Resolve("/sys/devices");
        for (string? dir = host.Resolve(host.ToHostPath(device)); dir is not null && dir.StartsWith(devices + "/", StringComparison.Ordinal); dir = Path.GetDirectoryName(dir))
        {
            string driver = Path.Join(dir, "driver");
            if (!Directory.Exists(driver))
                continue;
            string resolvedDriver = host.Resolve(host.ToHostPath(driver));
            string moduleLink = Path.Join(resolvedDriver, "module");
            string module = Directory.Exists(moduleLink)
                ? Path.GetFileName(host.Resolve(host.ToHostPath(moduleLink)))
                : Path.GetFileName(resolvedDriver);
            Add(drivers, ModuleDirectory.Normalize(module));
        }
    }

    private static void Add(List<string> list, string item)
    {
        if (!list.Contains(item))
            list.Add(item);
    }

    // /dev/vda → vda; /dev/mapper/x → dm-N via its symlink; UUID=/LABEL= via /dev/disk/by-*.
    private static string? BlockName(HostRoot host, string device)
    {
        string? path = device switch
        {
            _ when device.StartsWith("UUID=", StringComparison.Ordinal) => "/dev/disk/by-uuid/" + device[5..],
            _ when device.StartsWith("LABEL=", StringComparison.Ordinal) => "/dev/disk/by-label/" + device[6..],
            _ when device.StartsWith("PARTUUID=", StringComparison.Ordinal) => "/dev/disk/by-partuuid/" + device[9..],
            _ when device.StartsWith("/dev/", StringComparison.Ordinal) => device,
            _ => null,
        };
        if (path is null)
            return null;
        string resolved = host.ToHostPath(host.Resolve(path));
        return resolved.StartsWith("/dev/", StringComparison.Ordinal) ? Path.GetFileName(resolved) : null;
    }
}
