namespace NicDoctor.Upgrade.Boot;

/// <summary>One thing to do at the boot menu: the key to press or the text to type, and why.</summary>
/// <param name="Keys">What to press or type, exactly (e.g. <c>c</c>, <c>ls (hd0,msdos1)/</c>, <c>Ctrl-X</c>).</param>
/// <param name="Says">What it does and what to look for, in plain words.</param>
public sealed record RecoveryStep(string Keys, string Says);

/// <summary>
/// The printed rescue for a host whose new initramfs does not boot: at the GRUB prompt, find the
/// backup image and boot the default entry with it, once (the seed's recovery: <c>c</c>,
/// <c>ls</c>, <c>e</c>, edit the <c>initrd</c> line, Ctrl-X), with this host's exact paths.
/// </summary>
public sealed record RecoveryGuide
{
    public required BootLoaderFlavor Flavor { get; init; }

    /// <summary>The entry to edit (the default), or null when the host has none.</summary>
    public string? EntryTitle { get; init; }

    /// <summary>The GRUB device holding the boot files (<c>hd0,msdos1</c>), when the configuration names it.</summary>
    public string? GrubDevice { get; init; }

    /// <summary>The initrd line as the entry has it now.</summary>
    public string? CurrentInitrdLine { get; init; }

    /// <summary>The same line pointing at the backup, to type instead.</summary>
    public string? BackupInitrdLine { get; init; }

    /// <summary>Backup images found next to the current one (host paths), newest first.</summary>
    public IReadOnlyList<string> Backups { get; init; } = [];

    public IReadOnlyList<RecoveryStep> Steps { get; init; } = [];

    /// <summary>Builds the steps for <paramref name="config"/>; <paramref name="backup"/> is the host path of the image to boot, else the newest one found.</summary>
    public static RecoveryGuide For(BootConfiguration config, string? backup = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        BootEntry? entry = config.Default;
        if (entry is null || entry.Initrds.Count == 0)
        {
            return new RecoveryGuide
            {
                Flavor = config.Flavor,
                Steps = [new RecoveryStep("-", "no default entry with an initrd was found under " + config.Root + "; nothing to edit at the boot menu")],
            };
        }
        var host = new HostRoot(config.Root);
        BootFile current = entry.Initrds[0];
        List<string> backups = FindBackups(host, current.HostPath);
        string? chosen = backup ?? backups.FirstOrDefault();
        string prefix = current.HostPath.EndsWith(StripDevice(current.LoaderPath), StringComparison.Ordinal)
            ? current.HostPath[..^StripDevice(current.LoaderPath).Length] : "";
        string backupLoader = chosen is null ? "<backup image>"
            : prefix.Length > 0 && chosen.StartsWith(prefix + "/", StringComparison.Ordinal) ? chosen[prefix.Length..] : chosen;
        string command = config.Flavor == BootLoaderFlavor.GrubLegacy ? "initrd" : InitrdCommand(entry);
        string currentLine = $"{command} {current.LoaderPath}";
        string backupLine = $"{command} {backupLoader}";
        string device = entry.GrubDevice is { } d ? (d.StartsWith('(') ? d : $"({d})") : "(hd0,msdos1)";
        string directory = backupLoader.Contains('/', StringComparison.Ordinal) ? backupLoader[..(backupLoader.LastIndexOf('/') + 1)] : "/";

        List<RecoveryStep> steps = config.Flavor == BootLoaderFlavor.GrubLegacy
            ?
            [
                new("(reboot)", "when the GRUB menu shows, press any key to stop the countdown (hiddenmenu: press Esc)"),
                new("c", "open the grub> command line"),
                new($"find {backupLoader}", $"lists the partitions that hold the backup; expect {device}"),
                new("Esc", "back to the menu"),
                new("e", $"on the entry '{entry.Title}': edit it"),
                new("(arrow keys) e", $"select the line '{currentLine}' and edit it"),
                new(backupLine, "replace the line with this, then press Enter"),
                new("b", "boot the edited entry (the change is not saved: the next boot uses grub.conf again)"),
            ]
            :
            [
                new("(reboot)", "when the GRUB menu shows, press an arrow key to stop the countdown (hidden menu: hold Shift on BIOS, press Esc on EFI)"),
                new("c", "open the grub> command line"),
                new("ls", $"lists disks and partitions; the boot files of '{entry.Title}' are on {device}"),
                new($"ls {device}{directory}", $"shows the files there: the backup {Path.GetFileName(backupLoader)} must be listed"),
                new("Esc", "back to the menu"),
                new("e", $"on the entry '{entry.Title}': edit it"),
                new(backupLine, $"find the line '{currentLine}' and change it to this"),
                new("Ctrl-X", "boot the edited entry (or F10); the edit is not saved, the next boot uses the menu as configured"),
            ];
        if (chosen is not null)
        {
            steps.Add(new RecoveryStep($"cp -p {chosen} {current.HostPath}",
                "once booted: put the backup back in place (compare sha256sum with the one recorded when it was made), then reboot normally"));
        }
        return new RecoveryGuide
        {
            Flavor = config.Flavor,
            EntryTitle = entry.Title,
            GrubDevice = entry.GrubDevice,
            CurrentInitrdLine = currentLine,
            BackupInitrdLine = backupLine,
            Backups = backups,
            Steps = steps,
        };
    }

    private static string InitrdCommand(BootEntry entry) => entry.InitrdCommand ?? "initrd";

    private static string StripDevice(string path) =>
        path.StartsWith('(') && path.IndexOf(')', StringComparison.Ordinal) is int close and > 0 ? path[(close + 1)..] : path;

    // Backups sit beside the image: initramfs-K.img.nicdoctor-…, .bak, .old, initrd.img-K.bak.
    private static List<string> FindBackups(HostRoot host, string currentHostPath)
    {
        string full = host.Resolve(currentHostPath);
        string? directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
            return [];
        string name = Path.GetFileName(full);
        return Directory.EnumerateFiles(directory, name + "*")
            .Where(f => Path.GetFileName(f) != name)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .Select(f => Path.Join(Path.GetDirectoryName(currentHostPath), Path.GetFileName(f)))
            .ToList();
    }
}
