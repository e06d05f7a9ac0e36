namespace NicDoctor.Upgrade.Boot;

/// <summary>
/// A host's boot menu as its boot loader will show it: the entries in menu order, which one is
/// the default and which one (if any) boots once next, and where all of that is configured.
/// Paths are the host's (<c>/boot/…</c>), also when read from a sandbox root.
/// </summary>
public sealed record BootConfiguration
{
    /// <summary>The root directory that was read ("/" for the live system).</summary>
    public required string Root { get; init; }

    public required BootLoaderFlavor Flavor { get; init; }

    /// <summary>The grub.cfg / grub.conf the entries come from, or null (none, or BLS only).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The GRUB environment block read (saved_entry, next_entry, kernelopts), or null.</summary>
    public string? GrubEnvFile { get; init; }

    /// <summary>/boot/loader/entries when BLS entries were read, else null.</summary>
    public string? EntriesDirectory { get; init; }

    /// <summary>True when /boot is its own file system, so the loader's paths are relative to it.</summary>
    public bool BootIsSeparate { get; init; }

    /// <summary>The default as configured, before resolving: <c>${saved_entry}</c>, <c>0</c>, a title or id.</summary>
    public string? DefaultSetting { get; init; }

    /// <summary>grubenv <c>saved_entry</c>.</summary>
    public string? SavedEntry { get; init; }

    /// <summary>grubenv <c>next_entry</c> (one-shot boot, consumed by the next boot).</summary>
    public string? NextEntry { get; init; }

    /// <summary>GRUB legacy's <c>fallback=</c> (an index), when set.</summary>
    public string? Fallback { get; init; }

    public IReadOnlyList<BootEntry> Entries { get; init; } = [];

    /// <summary>Things worth knowing that are not entries: unresolved defaults, files that could not be read.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public BootEntry? Default => Entries.FirstOrDefault(e => e.IsDefault);

    public BootEntry? Next => Entries.FirstOrDefault(e => e.IsNext);
}
