namespace NicDoctor.Upgrade.Boot;

/// <summary>Where a boot entry is defined.</summary>
public enum BootEntrySource
{
    /// <summary>A <c>title</c> block of GRUB legacy's grub.conf / menu.lst (CentOS 6).</summary>
    GrubLegacy,

    /// <summary>A <c>menuentry</c> of GRUB 2's grub.cfg (Debian, Ubuntu, CentOS 7).</summary>
    Grub2,

    /// <summary>A Boot Loader Specification file in /boot/loader/entries (RHEL 8+, Fedora 30+).</summary>
    Bls,
}
