namespace NicDoctor.Upgrade.Boot;

/// <summary>How the host's boot menu is configured.</summary>
public enum BootLoaderFlavor
{
    /// <summary>No boot loader configuration found under the root.</summary>
    None,

    /// <summary>GRUB legacy (0.97): /boot/grub/grub.conf or menu.lst (CentOS 6).</summary>
    GrubLegacy,

    /// <summary>GRUB 2 with entries in grub.cfg (Debian, Ubuntu, CentOS 7).</summary>
    Grub2,

    /// <summary>GRUB 2 whose grub.cfg runs <c>blscfg</c>: entries in /boot/loader/entries (RHEL 8+, Fedora 30+).</summary>
    Grub2Bls,

    /// <summary>BLS entries without a GRUB configuration (systemd-boot).</summary>
    Bls,
}
