namespace NicDoctor.Evidence;

/// <summary>
/// Where each kind of evidence lives, in sosreport layout (also used by nicdoctor bundles) and in
/// the flat layout of samples (<c>ethtool_-S_eno3</c> at the top). One table; sources never
/// hard-code paths. <c>{0}</c> stands for the interface or driver name; <c>*</c> matches within
/// one path component.
/// </summary>
public static class EvidenceCatalog
{
    private static readonly Dictionary<EvidenceItem, string[]> Candidates = new()
    {
        [EvidenceItem.KernelRelease] = ["sos_commands/kernel/uname_-r", "uname_-r"],
        [EvidenceItem.Uname] = ["sos_commands/kernel/uname_-a", "uname", "uname_-a"],
        [EvidenceItem.KernelRingBuffer] =
        [
            "sos_commands/kernel/dmesg", "sos_commands/kernel/dmesg_-T", "dmesg", "dmesg_-T",
            "sos_commands/logs/journalctl_-k_-o_short-precise", "sos_commands/logs/journalctl_--no-pager_--catalog_--boot_-k",
        ],
        [EvidenceItem.PersistentLog] = ["var/log/messages*", "var/log/kern.log*", "var/log/syslog*"],
        [EvidenceItem.KernelConfig] = ["boot/config-*", "grep_*_boot_config-*"],
        [EvidenceItem.Lspci] = ["sos_commands/pci/lspci_-nnvv", "sos_commands/pci/lspci_-nn", "sos_commands/pci/lspci", "lspci_-nnvv", "lspci_-nn", "lspci"],
        [EvidenceItem.Lsmod] = ["sos_commands/kernel/lsmod", "lsmod"],
        [EvidenceItem.EthtoolSettings] = ["sos_commands/networking/ethtool_{0}", "ethtool_{0}"],
        [EvidenceItem.EthtoolDriver] = ["sos_commands/networking/ethtool_-i_{0}", "ethtool_-i_{0}"],
        [EvidenceItem.EthtoolStats] = ["sos_commands/networking/ethtool_-S_{0}", "ethtool_-S_{0}"],
        [EvidenceItem.EthtoolChannels] = ["sos_commands/networking/ethtool_-l_{0}", "ethtool_-l_{0}"],
        [EvidenceItem.Interrupts] = ["proc/interrupts", "interrupts"],
        [EvidenceItem.Mounts] = ["proc/mounts", "mounts"],
        [EvidenceItem.ModuleInfo] = ["sos_commands/kernel/modinfo_{0}", "modinfo_{0}"],
        [EvidenceItem.BootChecksums] = ["sos_commands/boot/sha256sum_boot"],
        [EvidenceItem.BundleManifest] = ["nicdoctor/manifest.tsv"],
    };

    // Whole subtrees worth keeping from an archive besides the table above.
    private static readonly string[] WantedPrefixes =
    [
        "nicdoctor/", "sys/class/net/", "proc/irq/", "boot/grub", "boot/loader/entries/",
        "etc/default/grub", "etc/os-release", "etc/redhat-release", "sos_commands/block/", "proc/cmdline", "proc/version",
        // upgrade plan --bundle: index and image checksums, image listings, driver identity, signature policy, symvers.
        "sos_commands/boot/", "sys/module/", "sys/kernel/security/lockdown", "sys/firmware/efi/efivars/SecureBoot-", "boot/symvers-",
    ];

    /// <summary>The candidate path patterns of an item, most preferred first.</summary>
    public static IReadOnlyList<string> PatternsOf(EvidenceItem item, string? name = null)
    {
        string[] patterns = Candidates[item];
        return name is null ? patterns : patterns.Select(p => p.Replace("{0}", name, StringComparison.Ordinal)).ToArray();
    }

    /// <summary>Paths in <paramref name="files"/> matching an item, in pattern preference order.</summary>
    public static IEnumerable<string> Find(IReadOnlyList<string> files, EvidenceItem item, string? name = null)
    {
        foreach (string pattern in PatternsOf(item, name))
        {
            foreach (string f in files)
            {
                if (Glob.Matches(pattern.Replace("{0}", "*", StringComparison.Ordinal), f))
                    yield return f;
            }
        }
    }

    /// <summary>True when a path may hold evidence nicdoctor reads (used to bound archive reads).</summary>
    public static bool IsWanted(string path)
    {
        foreach (string prefix in WantedPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
                return true;
        }
        foreach (string[] patterns in Candidates.Values)
        {
            foreach (string p in patterns)
            {
                if (Glob.Matches(p.Replace("{0}", "*", StringComparison.Ordinal), path))
                    return true;
            }
        }
        return false;
    }

    /// <summary>Interface names the evidence speaks of (from ethtool file names and sysfs copies).</summary>
    public static IReadOnlyList<string> Interfaces(IReadOnlyList<string> files)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string f in files)
        {
            string leaf = f[(f.LastIndexOf('/') + 1)..];
            if (leaf.StartsWith("ethtool_-i_", StringComparison.Ordinal))
                names.Add(leaf["ethtool_-i_".Length..]);
            else if (leaf.StartsWith("ethtool_-S_", StringComparison.Ordinal))
                names.Add(leaf["ethtool_-S_".Length..]);
            else if (f.StartsWith("sys/class/net/", StringComparison.Ordinal))
            {
                string rest = f["sys/class/net/".Length..];
                int slash = rest.IndexOf('/', StringComparison.Ordinal);
                if (slash > 0)
                    names.Add(rest[..slash]);
            }
        }
        names.Remove("lo");
        return names.ToArray();
    }
}
