using NicDoctor.KernelModules;
using NicDoctor.Upgrade.Boot;

namespace NicDoctor.Upgrade.HostFit;

/// <summary>
/// What a boot image must provide for this host: the kernel release, the root file system and
/// its device, and the kernel modules needed to reach it (file system module, the storage
/// drivers bound along the root device's sysfs path, and their modules.dep dependencies, minus
/// built-ins). Read from a root directory: "/" or a sandbox tree describing another host.
/// </summary>
public sealed record HostProfile
{
    public required string Root { get; init; }

    public required string KernelRelease { get; init; }

    /// <summary>The root file system's device as mounted or listed (<c>/dev/vda</c>, <c>UUID=…</c>, <c>/dev/mapper/…</c>).</summary>
    public string? RootDevice { get; init; }

    public string? RootFileSystemType { get; init; }

    /// <summary>Where the root mount came from (<c>/proc/mounts</c> or <c>/etc/fstab</c>).</summary>
    public string? MountSource { get; init; }

    /// <summary>The <c>root=</c> the host booted with (<c>/proc/cmdline</c>), when known.</summary>
    public string? BootRootArgument { get; init; }

    /// <summary>Block devices under the root file system (the disk, and a dm/md device's slaves).</summary>
    public IReadOnlyList<string> RootBlockDevices { get; init; } = [];

    /// <summary>Driver modules bound along the root device's path (e.g. virtio_blk, virtio_pci; sd_mod, ahci).</summary>
    public IReadOnlyList<string> StorageDrivers { get; init; } = [];

    /// <summary>Modules loaded now (<c>/proc/modules</c>), empty when not available.</summary>
    public IReadOnlyList<string> LoadedModules { get; init; } = [];

    /// <summary>
    /// Modules an image must carry: module name → why (e.g. "ext4: root file system type"),
    /// dependencies included, built-ins excluded.
    /// </summary>
    public IReadOnlyDictionary<string, string> RequiredModules { get; init; } = new Dictionary<string, string>();

    /// <summary>Modules that are needed but built into the kernel (modules.builtin): nothing to carry.</summary>
    public IReadOnlyList<string> BuiltinModules { get; init; } = [];

    /// <summary>What could not be determined (no sysfs, no module tree…).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Reads the host under <paramref name="root"/> for kernel <paramref name="kernelRelease"/>.</summary>
    public static HostProfile Read(string root, string kernelRelease)
    {
        ArgumentException.ThrowIfNullOrEmpty(kernelRelease);
        var host = new HostRoot(root);
        var notes = new List<string>();
        var mounts = MountTable.Read(host);
        MountEntry? rootMount = mounts.Find("/");
        if (rootMount is null)
            notes.Add("no root mount in /proc/mounts or /etc/fstab: the root file system type is unknown");

        string? cmdlineRoot = host.ReadText("/proc/cmdline") is { } cmdline ? KernelCommandLine.Get(cmdline, "root") : null;
        var blockDevices = new List<string>();
        var drivers = new List<string>();
        if (rootMount is not null)
            StorageTopology.Collect(host, rootMount.Device, blockDevices, drivers, notes);

        var modules = ModuleDirectory.ForKernel(kernelRelease, host.Root);
        var deps = ModuleDependencies.Read(Path.Join(modules.Path, "modules.dep"));
        if (deps is null)
            notes.Add($"/lib/modules/{kernelRelease}/modules.dep not found: dependencies and built-ins not known");
        var required = new Dictionary<string, string>(StringComparer.Ordinal);
        var builtin = new List<string>();

        void Require(string module, string why)
        {
            string name = ModuleDirectory.Normalize(module);
            if (deps is not null && modules.IsBuiltin(name))
            {
                if (!builtin.Contains(name))
                    builtin.Add(name);
                return;
            }
            if (!required.TryAdd(name, why))
                return;
            foreach (string dep in deps?.DependenciesOf(name) ?? [])
                Require(dep, $"needed by {name}");
        }

        if (rootMount is { } m && m.FileSystemType is not ("rootfs" or "none"))
            Require(FileSystemModule(m.FileSystemType, deps), $"root file system type {m.FileSystemType}");
        foreach (string driver in drivers)
            Require(driver, $"storage driver of the root device {rootMount!.Device}");

        return new HostProfile
        {
            Root = host.Root,
            KernelRelease = kernelRelease,
            RootDevice = rootMount?.Device,
            RootFileSystemType = rootMount?.FileSystemType,
            MountSource = mounts.Source,
            BootRootArgument = cmdlineRoot,
            RootBlockDevices = blockDevices,
            StorageDrivers = drivers,
            LoadedModules = ReadLoadedModules(host),
            RequiredModules = required,
            BuiltinModules = builtin,
            Notes = notes,
        };
    }

    // ext3/ext2 are served by the ext4 module when no module of their own exists (CONFIG_EXT4_USE_FOR_EXT2).
    private static string FileSystemModule(string type, ModuleDependencies? deps) =>
        type is "ext2" or "ext3" && deps is not null && !deps.Contains(type) ? "ext4" : type;

    private static List<string> ReadLoadedModules(HostRoot host) =>
        host.ReadText("/proc/modules") is { } text
            ? [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0])]
            : [];
}
