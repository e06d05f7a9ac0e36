namespace NicDoctor.VmBench;

/// <summary>An installed Debian kernel: the bootable image and its module tree.</summary>
/// <param name="Release">The kernel release, e.g. <c>6.1.0-56-amd64</c>.</param>
/// <param name="VmlinuzPath">The compressed kernel image, e.g. <c>/boot/vmlinuz-6.1.0-56-amd64</c>.</param>
/// <param name="ModulesDirectory">The module tree, e.g. <c>/lib/modules/6.1.0-56-amd64</c> (holds modules.dep).</param>
public sealed record DebianKernel(string Release, string VmlinuzPath, string ModulesDirectory)
{
    /// <summary>The path of <c>modules.dep</c> in <see cref="ModulesDirectory"/>.</summary>
    public string ModulesDepPath => Path.Combine(ModulesDirectory, "modules.dep");

    /// <summary>
    /// Finds an installed kernel that has both an image in <paramref name="bootDirectory"/> and a
    /// module tree with modules.dep. Without <paramref name="release"/> the running kernel is preferred
    /// (if installed), else the highest release. Installs nothing (see <see cref="HostPrerequisites"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">No usable kernel; the message says what is missing and how to install it.</exception>
    public static DebianKernel Locate(string? release = null, string bootDirectory = "/boot", string modulesRoot = "/lib/modules")
    {
        if (release is not null)
            return FromRelease(release, bootDirectory, modulesRoot)
                ?? throw new FileNotFoundException(
                    $"kernel {release} is not installed: need {Path.Combine(bootDirectory, "vmlinuz-" + release)} and " +
                    $"{Path.Combine(modulesRoot, release, "modules.dep")} (apt-get install linux-image-{release})");

        var candidates = Directory.Exists(bootDirectory)
            ? Directory.EnumerateFiles(bootDirectory, "vmlinuz-*")
                .Select(p => Path.GetFileName(p)["vmlinuz-".Length..])
                .Select(r => FromRelease(r, bootDirectory, modulesRoot))
                .OfType<DebianKernel>()
                .ToList()
            : [];
        if (candidates.Count == 0)
            throw new FileNotFoundException(
                $"no installed kernel found: need {bootDirectory}/vmlinuz-<release> and {modulesRoot}/<release>/modules.dep " +
                "(apt-get install linux-image-amd64)");

        var running = RunningRelease();
        return candidates.FirstOrDefault(k => k.Release == running)
            ?? candidates.OrderBy(k => k.Release, ReleaseComparer.Instance).Last();
    }

    private static DebianKernel? FromRelease(string release, string bootDirectory, string modulesRoot)
    {
        var image = Path.Combine(bootDirectory, "vmlinuz-" + release);
        var modules = Path.Combine(modulesRoot, release);
        if (!File.Exists(image) || !File.Exists(Path.Combine(modules, "modules.dep")))
            return null;
        // Some distributions install the image mode 0600; QEMU then fails with a less helpful message.
        try
        {
            using var probe = File.OpenRead(image);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"{image} is not readable by this user (run as root or chmod a+r it)", e);
        }
        return new DebianKernel(release, image, modules);
    }

    private static string? RunningRelease()
    {
        const string osrelease = "/proc/sys/kernel/osrelease";
        return File.Exists(osrelease) ? File.ReadAllText(osrelease).Trim() : null;
    }

    /// <summary>Orders releases like 6.1.0-9 &lt; 6.1.0-10: digit runs compare as numbers.</summary>
    private sealed class ReleaseComparer : IComparer<string>
    {
        public static readonly ReleaseComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = Split(x ?? "");
            var b = Split(y ?? "");
            for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
            {
                int c = long.TryParse(a[i], out var na) && long.TryParse(b[i], out var nb)
                    ? na.CompareTo(nb)
                    : string.CompareOrdinal(a[i], b[i]);
                if (c != 0)
                    return c;
            }
            return a.Count.CompareTo(b.Count);
        }

        private static List<string> Split(string s) =>
            System.Text.RegularExpressions.Regex.Matches(s, @"\d+|\D+").Select(m => m.Value).ToList();
    }
}
