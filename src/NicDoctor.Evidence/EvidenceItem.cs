namespace NicDoctor.Evidence;

/// <summary>A kind of evidence the diagnosis reads, independent of where a source keeps it.</summary>
public enum EvidenceItem
{
    /// <summary><c>uname -r</c>.</summary>
    KernelRelease,
    /// <summary><c>uname -a</c>.</summary>
    Uname,
    /// <summary>The kernel ring buffer (<c>dmesg</c>, <c>dmesg -T</c>, journal -k): first found wins.</summary>
    KernelRingBuffer,
    /// <summary>Persistent logs (<c>/var/log/messages*</c>, <c>kern.log*</c>, <c>syslog*</c>): all are read.</summary>
    PersistentLog,
    /// <summary>The kernel build configuration (or a grep of it).</summary>
    KernelConfig,
    /// <summary><c>lspci</c> in its most detailed available form.</summary>
    Lspci,
    /// <summary><c>lsmod</c>.</summary>
    Lsmod,
    /// <summary><c>ethtool IF</c>.</summary>
    EthtoolSettings,
    /// <summary><c>ethtool -i IF</c>.</summary>
    EthtoolDriver,
    /// <summary><c>ethtool -S IF</c>, one or more framed samples.</summary>
    EthtoolStats,
    /// <summary><c>ethtool -l IF</c>.</summary>
    EthtoolChannels,
    /// <summary><c>/proc/interrupts</c>.</summary>
    Interrupts,
    /// <summary><c>/proc/mounts</c>.</summary>
    Mounts,
    /// <summary><c>modinfo DRIVER</c> of a NIC driver.</summary>
    ModuleInfo,
    /// <summary><c>sha256sum</c> of the kernels and boot images in /boot.</summary>
    BootChecksums,
    /// <summary>nicdoctor bundle manifest (what was collected, exit status, timing).</summary>
    BundleManifest,
}
