using System.Security.Cryptography;

namespace NicDoctor.Upgrade.Boot;

/// <summary>
/// Reads a host's boot menu from its root directory: GRUB 2's grub.cfg (BIOS and EFI locations,
/// with BLS entries where it runs <c>blscfg</c>), GRUB legacy's grub.conf/menu.lst, BLS entries
/// alone, and grubenv for the default and the one-shot next entry. Every kernel and initrd an
/// entry names is looked up on the host and hashed.
/// </summary>
public static class BootConfigReader
{
    /// <summary>grub.cfg locations in the order grub-install/grub2-mkconfig use them (BIOS first).</summary>
    public static IReadOnlyList<string> Grub2ConfigPaths { get; } = ["/boot/grub2/grub.cfg", "/boot/grub/grub.cfg"];

    public static IReadOnlyList<string> GrubLegacyConfigPaths { get; } = ["/boot/grub/grub.conf", "/boot/grub/menu.lst"];

    public static IReadOnlyList<string> GrubEnvPaths { get; } = ["/boot/grub2/grubenv", "/boot/grub/grubenv"];

    public const string BlsEntriesDirectory = "/boot/loader/entries";

    /// <summary>Reads the boot configuration under <paramref name="root"/> ("/" for this host).</summary>
    /// <param name="root">The root directory ("/" or a sandbox tree).</param>
    /// <param name="hashFiles">Compute each kernel's and initrd's SHA-256 (reads them fully).</param>
    /// <exception cref="InvalidDataException">grubenv is not a GRUB environment block.</exception>
    public static BootConfiguration Read(string root, bool hashFiles = true)
    {
        var host = new HostRoot(root);
        var notes = new List<string>();
        var mounts = MountTable.Read(host);
        var files = new BootFileLocator(host, mounts.BootIsSeparate, hashFiles);

        string? envFile = FirstExisting(host, GrubEnvPaths.Concat(EfiFiles(host, "grubenv")));
        GrubEnvironment env = envFile is null
            ? GrubEnvironment.Empty
            : GrubEnvironment.Parse(File.ReadAllText(host.Resolve(envFile)), envFile);

        IReadOnlyList<ParsedEntry>? bls = null;
        IReadOnlyList<ParsedEntry> ReadBls(Func<string, string?> lookup) => bls ??= ReadBlsEntries(host, lookup);

        // grub.cfg: the first one with entries or blscfg (an EFI stub only says "configfile …").
        foreach (string path in Grub2ConfigPaths.Concat(EfiFiles(host, "grub.cfg")))
        {
            string? text = host.ReadText(path);
            if (text is null)
                continue;
            Dictionary<string, string> cfgVariables = new(StringComparer.Ordinal);
            string? Lookup(string name) => env.Get(name) ?? cfgVariables.GetValueOrDefault(name);
            // Variables grub.cfg sets before blscfg (tuned's 00_tuned) must be known when BLS lines expand,
            // so parse once for them, then again for the entries.
            foreach (var (k, v) in Grub2ConfigParser.Parse(text, path, () => []).Variables)
                cfgVariables[k] = v;
            Grub2Config config = Grub2ConfigParser.Parse(text, path, () => ReadBls(Lookup));
            if (config.Entries.Count == 0 && !config.UsesBlscfg)
            {
                if (config.ConfigFileLoaded is not null)
                    notes.Add($"{path} only loads {config.ConfigFileLoaded}");
                continue;
            }
            string? topDevice = cfgVariables.GetValueOrDefault("root");
            var flavor = config.UsesBlscfg ? BootLoaderFlavor.Grub2Bls : BootLoaderFlavor.Grub2;
            string defaultValue = GrubWords.Expand(config.DefaultSetting ?? "0", Lookup);
            if (defaultValue.Length == 0)
                defaultValue = "0";
            return Finish(new BootConfiguration
            {
                Root = host.Root,
                Flavor = flavor,
                ConfigFile = path,
                GrubEnvFile = envFile,
                EntriesDirectory = config.UsesBlscfg ? BlsEntriesDirectory : null,
                BootIsSeparate = mounts.BootIsSeparate,
                DefaultSetting = config.DefaultSetting,
                SavedEntry = env.SavedEntry,
                NextEntry = env.NextEntry,
            }, config.Entries.Select(e => e with { GrubDevice = e.GrubDevice ?? topDevice }), defaultValue, env.NextEntry, files, notes);
        }

        foreach (string path in GrubLegacyConfigPaths.Concat(EfiFiles(host, "grub.conf")))
        {
            string? text = host.ReadText(path);
            if (text is null)
                continue;
            GrubLegacyConfig legacy = GrubLegacyConfigParser.Parse(text, path);
            string defaultValue = legacy.DefaultSetting ?? "0";
            if (defaultValue == "saved")
            {
                notes.Add($"{path}: 'default saved' keeps the default in /boot/grub/default; assuming entry 0");
                defaultValue = "0";
            }
            return Finish(new BootConfiguration
            {
                Root = host.Root,
                Flavor = BootLoaderFlavor.GrubLegacy,
                ConfigFile = path,
                BootIsSeparate = mounts.BootIsSeparate,
                DefaultSetting = legacy.DefaultSetting,
                Fallback = legacy.Fallback,
            }, legacy.Entries, defaultValue, null, files, notes);
        }

        IReadOnlyList<ParsedEntry> alone = ReadBls(env.Get);
        if (alone.Count > 0)
        {
            return Finish(new BootConfiguration
            {
                Root = host.Root,
                Flavor = BootLoaderFlavor.Bls,
                GrubEnvFile = envFile,
                EntriesDirectory = BlsEntriesDirectory,
                BootIsSeparate = mounts.BootIsSeparate,
                SavedEntry = env.SavedEntry,
            }, alone.Select((e, i) => e with { MenuPath = $"{i}" }), env.SavedEntry ?? "0", null, files, notes);
        }

        notes.Add("no GRUB configuration (grub.cfg, grub.conf, menu.lst) and no BLS entries found under " + host.Root);
        return new BootConfiguration { Root = host.Root, Flavor = BootLoaderFlavor.None, BootIsSeparate = mounts.BootIsSeparate, Notes = notes };
    }

    private static BootConfiguration Finish(BootConfiguration config, IEnumerable<ParsedEntry> parsed, string defaultValue,
        string? nextValue, BootFileLocator files, List<string> notes)
    {
        var list = parsed.ToList();
        int defaultIndex = BootEntryMatcher.Find(list, defaultValue);
        int nextIndex = nextValue is null ? -1 : BootEntryMatcher.Find(list, nextValue);
        if (defaultIndex < 0 && list.Count > 0)
        {
            // GRUB falls back to the first entry when the default names nothing.
            notes.Add($"default '{defaultValue}' matches no entry; GRUB boots the first entry");
            defaultIndex = 0;
        }
        if (nextValue is not null && nextIndex < 0)
            notes.Add($"next_entry '{nextValue}' matches no entry");
        var entries = list.Select((e, i) => new BootEntry
        {
            Index = i,
            MenuPath = e.MenuPath,
            Title = e.Title,
            Id = e.Id,
            Submenus = e.Submenus,
            Source = e.Source,
            ConfigFile = e.ConfigFile,
            Line = e.Line,
            Kernel = e.Kernel is null ? null : files.Locate(e.Kernel),
            Initrds = e.Initrds.Select(files.Locate).ToList(),
            Options = e.Options,
            Version = e.Version,
            GrubDevice = e.GrubDevice,
            InitrdCommand = e.InitrdCommand,
            IsDefault = i == defaultIndex,
            IsNext = i == nextIndex,
        }).ToList();
        return config with { Entries = entries, Notes = notes };
    }

    private static List<ParsedEntry> ReadBlsEntries(HostRoot host, Func<string, string?> lookup)
    {
        string directory = host.Resolve(BlsEntriesDirectory);
        if (!Directory.Exists(directory))
            return [];
        var entries = Directory.EnumerateFiles(directory, "*.conf")
            .Select(f => BlsEntryParser.Parse(File.ReadAllText(f), BlsEntriesDirectory + "/" + Path.GetFileName(f), lookup));
        return [.. BlsEntryParser.Sort(entries)];
    }

    private static IEnumerable<string> EfiFiles(HostRoot host, string name)
    {
        string efi = host.Resolve("/boot/efi/EFI");
        if (!Directory.Exists(efi))
            return [];
        return Directory.EnumerateDirectories(efi).Order(StringComparer.Ordinal)
            .Select(d => $"/boot/efi/EFI/{Path.GetFileName(d)}/{name}");
    }

    private static string? FirstExisting(HostRoot host, IEnumerable<string> paths) => paths.FirstOrDefault(host.FileExists);

    /// <summary>Maps the loader's paths to host files, trying the layout the mounts say first.</summary>
    private sealed class BootFileLocator(HostRoot host, bool bootIsSeparate, bool hash)
    {
        public BootFile Locate(string loaderPath)
        {
            string path = StripDevice(loaderPath);
            string[] candidates = bootIsSeparate ? ["/boot" + path, path] : [path, "/boot" + path];
            foreach (string candidate in candidates)
            {
                string full = host.Resolve(candidate);
                if (File.Exists(full))
                {
                    long size = new FileInfo(full).Length;
                    return new BootFile(loaderPath, candidate, true, size, hash ? Sha256(full) : null);
                }
            }
            return new BootFile(loaderPath, candidates[0], false, null, null);
        }

        // "(hd0,0)/vmlinuz" (legacy) and "($root)/vmlinuz" name the device in front of the path.
        private static string StripDevice(string path)
        {
            if (path.StartsWith('(') && path.IndexOf(')', StringComparison.Ordinal) is int close and > 0)
                path = path[(close + 1)..];
            return path.StartsWith('/') ? path : "/" + path;
        }

        private static string Sha256(string file)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
    }
}
