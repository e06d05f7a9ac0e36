using System.Text;

namespace NicDoctor.Upgrade.Boot;

/// <summary>
/// A one-shot boot through GRUB's environment block: <c>next_entry</c> names the trial entry, GRUB's
/// 00_header clears it (save_env) before it boots that entry, so a reset after a failed trial boots the
/// default again, which still has the known-good image. This is what grub-reboot/grub2-reboot write.
/// </summary>
public static class TrialBoot
{
    /// <summary>
    /// The trial entry's extra kernel arguments: a failed boot reboots instead of waiting in a shell
    /// (initramfs-tools and the kernel: <c>panic=</c>; dracut: <c>rd.shell=0 rd.emergency=reboot</c>, dracut ≥ 045),
    /// and a marker that proves from /proc/cmdline which entry booted.
    /// </summary>
    public static string Options(string changeSetId) => $"panic=30 rd.shell=0 rd.emergency=reboot {Marker(changeSetId)}";

    public static string Marker(string changeSetId) => $"nicdoctor.trial={changeSetId}";

    /// <summary>Null when a one-shot boot works on this root; otherwise why not.</summary>
    public static string? Unavailable(BootConfiguration config, HostRoot host)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(host);
        switch (config.Flavor)
        {
            case BootLoaderFlavor.GrubLegacy:
                return $"{config.ConfigFile} is GRUB legacy, which has no next_entry: a one-shot boot needs 'default saved' and 'savedefault --once' in the grub shell; boot the new image by hand from the menu instead";
            case BootLoaderFlavor.None:
                return $"no GRUB configuration under {host.Root}: nothing to arm a one-shot boot in";
            case BootLoaderFlavor.Bls:
                return "BLS entries without GRUB (systemd-boot): use `bootctl set-oneshot`; nicdoctor does not arm it";
        }
        if (config.GrubEnvFile is null)
            return $"no grubenv next to {config.ConfigFile}: create it with grub-editenv … create, or no one-shot boot is possible";
        // GRUB cannot write the block on LVM, RAID or checksumming file systems: next_entry would then
        // never be cleared, and every boot would be the trial one.
        MountTable mounts = MountTable.Read(host);
        MountEntry? mount = mounts.Find("/boot/efi") is { } efi && config.GrubEnvFile.StartsWith("/boot/efi/", StringComparison.Ordinal) ? efi
            : mounts.Find("/boot") ?? mounts.Find("/");
        if (mount is not null)
        {
            if (mount.FileSystemType is "zfs" or "btrfs")
                return $"{config.GrubEnvFile} is on {mount.FileSystemType} ({mount.Device}): GRUB cannot clear next_entry there, the trial entry would boot every time";
            if (mount.Device.StartsWith("/dev/mapper/", StringComparison.Ordinal) || mount.Device.StartsWith("/dev/md", StringComparison.Ordinal)
                || mount.Device.StartsWith("/dev/dm-", StringComparison.Ordinal))
                return $"{config.GrubEnvFile} is on {mount.Device} (LVM/RAID): GRUB cannot write its environment block there, the trial entry would boot every time";
        }
        return null;
    }

    /// <summary>Sets next_entry in the root's grubenv (temp file, fsync, rename); returns the block written.</summary>
    public static void Arm(BootConfiguration config, HostRoot host, string entry)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(host);
        string file = host.Resolve(config.GrubEnvFile ?? throw new InvalidOperationException("no grubenv"));
        // Latin-1 keeps every byte as it is: the block's size is its meaning.
        string block = Encoding.Latin1.GetString(File.ReadAllBytes(file));
        string updated = GrubEnvironment.Set(block, "next_entry", entry, config.GrubEnvFile);
        string temp = Path.Join(Path.GetDirectoryName(file), $".{Path.GetFileName(file)}.nicdoctor-tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.Latin1.GetBytes(updated));
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temp, File.GetUnixFileMode(file));
            File.Move(temp, file, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
