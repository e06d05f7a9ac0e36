namespace NicDoctor.Upgrade.Boot;

/// <summary>One bootable entry of the menu, in menu order.</summary>
public sealed record BootEntry
{
    /// <summary>0-based position in the flattened menu (submenu entries follow their submenu).</summary>
    public required int Index { get; init; }

    /// <summary>
    /// GRUB's numeric path to the entry: <c>2</c>, or <c>1&gt;0</c> for the first entry of the second
    /// top-level item when that is a submenu. <c>grub-reboot</c>/<c>grub-set-default</c> accept it.
    /// </summary>
    public required string MenuPath { get; init; }

    public required string Title { get; init; }

    /// <summary>menuentry <c>--id</c>, or the BLS file name without .conf (GRUB's blscfg uses it as id).</summary>
    public string? Id { get; init; }

    /// <summary>Titles of the submenus enclosing the entry, outermost first.</summary>
    public IReadOnlyList<string> Submenus { get; init; } = [];

    public required BootEntrySource Source { get; init; }

    /// <summary>The host path of the file that defines the entry.</summary>
    public required string ConfigFile { get; init; }

    /// <summary>1-based line of the entry's first line in <see cref="ConfigFile"/>.</summary>
    public required int Line { get; init; }

    public BootFile? Kernel { get; init; }

    public IReadOnlyList<BootFile> Initrds { get; init; } = [];

    /// <summary>The kernel command line, variables expanded (BLS <c>$kernelopts</c> from grubenv).</summary>
    public string? Options { get; init; }

    /// <summary>BLS <c>version</c>.</summary>
    public string? Version { get; init; }

    /// <summary>The GRUB device the entry reads its files from (<c>hd0,msdos1</c>, legacy <c>(hd0,0)</c>), when set.</summary>
    public string? GrubDevice { get; init; }

    /// <summary>The command word that loads the initrd in grub.cfg (<c>initrd16</c> on CentOS 7 BIOS, <c>initrdefi</c> on EFI).</summary>
    public string? InitrdCommand { get; init; }

    /// <summary>The entry GRUB boots when nobody touches the menu.</summary>
    public bool IsDefault { get; init; }

    /// <summary>The one-shot entry for the next boot (grubenv <c>next_entry</c>, set by grub2-reboot).</summary>
    public bool IsNext { get; init; }

    /// <summary>The kernel release named by the kernel file (<c>vmlinuz-KVER</c>), or the BLS version.</summary>
    public string? KernelRelease =>
        Version ?? (Kernel is { } k && Path.GetFileName(k.LoaderPath) is { } name && name.StartsWith("vmlinuz-", StringComparison.Ordinal)
            ? name["vmlinuz-".Length..]
            : null);
}
