namespace NicDoctor.Upgrade.Boot;

/// <summary>How a fallback entry is added on a given host.</summary>
public enum FallbackStrategy
{
    /// <summary>A new BLS file beside the default entry's (RHEL 8+, Fedora): deterministic, nothing to regenerate.</summary>
    BlsFile,

    /// <summary><c>grubby --add-kernel … --copy-default</c> (RHEL/CentOS 6 and 7, where grubby edits grub.conf/grub.cfg).</summary>
    Grubby,

    /// <summary>An <c>/etc/grub.d</c> script plus update-grub / grub2-mkconfig (Debian, Ubuntu, GRUB 2 without grubby).</summary>
    GrubDScript,

    /// <summary>A title block appended to GRUB legacy's grub.conf (no grubby): the default index stays valid.</summary>
    GrubLegacyConf,
}
