using System.IO.Compression;

namespace NicDoctor.KernelModules.Loading;

/// <summary>
/// The kernel a module is meant for, as far as the loader's checks need it: its vermagic and
/// <c>struct module</c> size (read from an in-tree module), its exports with CRCs
/// (<c>Module.symvers</c>, or the <c>__crc_*</c> of its modules), its module configuration.
/// </summary>
public sealed class KernelTarget
{
    private readonly Dictionary<string, KernelExport> _exports;

    public KernelTarget(string description, string? vermagic, ulong? structModuleSize, IEnumerable<KernelExport> exports,
        bool hasVmlinuxExports, SignaturePolicy signaturePolicy, bool forceLoadAllowed, ushort? machine)
    {
        Description = description;
        Vermagic = vermagic;
        StructModuleSize = structModuleSize;
        HasVmlinuxExports = hasVmlinuxExports;
        SignaturePolicy = signaturePolicy;
        ForceLoadAllowed = forceLoadAllowed;
        Machine = machine;
        _exports = new Dictionary<string, KernelExport>(StringComparer.Ordinal);
        foreach (KernelExport e in exports)
            _exports.TryAdd(e.Symbol, e);
    }

    /// <summary>Where the facts came from (for messages).</summary>
    public string Description { get; }

    /// <summary>The kernel's VERMAGIC_STRING, e.g. "6.1.0-56-amd64 SMP preempt mod_unload modversions ".</summary>
    public string? Vermagic { get; }

    public ulong? StructModuleSize { get; }

    /// <summary>False when only module exports are known: vmlinux symbols cannot be judged.</summary>
    public bool HasVmlinuxExports { get; }

    public SignaturePolicy SignaturePolicy { get; }

    /// <summary>CONFIG_MODULE_FORCE_LOAD: a module without versions loads with taint 'F' instead of failing.</summary>
    public bool ForceLoadAllowed { get; }

    /// <summary>e_machine of the target's modules.</summary>
    public ushort? Machine { get; }

    /// <summary>CONFIG_MODVERSIONS, read from the vermagic.</summary>
    public bool Modversions => Vermagic?.Contains(" modversions ", StringComparison.Ordinal) ?? _exports.Values.Any(e => e.Crc != 0);

    public KernelExport? FindExport(string symbol) => _exports.GetValueOrDefault(symbol);

    public int ExportCount => _exports.Count;

    /// <summary>
    /// Gathers the target from a module tree (<c>/lib/modules/KVER</c>), an optional symvers file
    /// (default: <c>build/Module.symvers</c>, <c>/usr/src/linux-headers-KVER/Module.symvers</c>,
    /// <c>/boot/symvers-KVER.gz</c> under <paramref name="root"/>), and <c>/boot/config-KVER</c>.
    /// <paramref name="sameNameAs"/> prefers the in-tree module of that name as the reference.
    /// </summary>
    public static KernelTarget FromModuleDirectory(ModuleDirectory directory, string? symversPath, string? root,
        string? sameNameAs, bool enforceSignatures)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string release = directory.KernelRelease;
        string rootDir = string.IsNullOrEmpty(root) ? "/" : root;
        string? reference = (sameNameAs is null ? null : directory.FindModule(sameNameAs)) ?? directory.Modules.Values.Order(StringComparer.Ordinal).FirstOrDefault();
        string? vermagic = null;
        ulong? size = null;
        ushort? machine = null;
        if (reference is not null)
        {
            using ModuleFile module = ModuleFile.Open(reference);
            vermagic = module.GetModinfo("vermagic");
            size = module.ThisModuleSize;
            machine = module.Elf.Header.Machine;
        }

        symversPath ??= new[]
        {
            Path.Join(directory.Path, "build", "Module.symvers"),
            Path.Join(rootDir, "usr", "src", $"linux-headers-{release}", "Module.symvers"),
            Path.Join(rootDir, "boot", $"symvers-{release}.gz"),
        }.FirstOrDefault(File.Exists);
        List<KernelExport> exports;
        bool vmlinux;
        string description = $"{directory.Path}";
        if (symversPath is not null)
        {
            exports = [.. SymversFile.Read(symversPath)];
            vmlinux = exports.Any(e => e.FromVmlinux);
            description += $", exports from {symversPath}";
        }
        else
        {
            exports = [.. ExportsOfModules(directory)];
            vmlinux = false;
            description += " (exports of its modules only: no Module.symvers found)";
        }

        var config = ReadConfig(Path.Join(rootDir, "boot", $"config-{release}"));
        SignaturePolicy policy = enforceSignatures || config.GetValueOrDefault("CONFIG_MODULE_SIG_FORCE") == "y"
            ? SignaturePolicy.Enforce
            : config.Count == 0 || config.GetValueOrDefault("CONFIG_MODULE_SIG") == "y" ? SignaturePolicy.Taint : SignaturePolicy.NotChecked;
        bool forceLoad = config.Count == 0 || config.GetValueOrDefault("CONFIG_MODULE_FORCE_LOAD") == "y";
        return new KernelTarget(description, vermagic, size, exports, vmlinux, policy, forceLoad, machine);
    }

    /// <summary>Only a symvers file is known: symbol checks, nothing else.</summary>
    public static KernelTarget FromSymvers(string symversPath, bool enforceSignatures)
    {
        var exports = SymversFile.Read(symversPath);
        return new KernelTarget(symversPath, null, null, exports, exports.Any(e => e.FromVmlinux),
            enforceSignatures ? SignaturePolicy.Enforce : SignaturePolicy.Taint, forceLoadAllowed: true, machine: null);
    }

    private static IEnumerable<KernelExport> ExportsOfModules(ModuleDirectory directory)
    {
        foreach ((string name, string path) in directory.Modules)
        {
            ModuleFile module;
            try
            {
                module = ModuleFile.Open(path);
            }
            catch (InvalidDataException)
            {
                continue;
            }
            using (module)
            {
                foreach (ModuleExport e in module.ReadExports())
                    yield return new KernelExport(e.Symbol, e.Crc ?? 0, name, e.GplOnly, null);
            }
        }
    }

    private static Dictionary<string, string> ReadConfig(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
            return values;
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.Ordinal))
            stream = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith("CONFIG_", StringComparison.Ordinal) && eq > 0)
                values[line[..eq]] = line[(eq + 1)..].Trim('"');
        }
        return values;
    }
}
