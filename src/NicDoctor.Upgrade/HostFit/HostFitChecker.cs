using NicDoctor.Evidence.BootImage;

namespace NicDoctor.Upgrade.HostFit;

/// <summary>
/// Decides, before any reboot, whether a boot image can boot this host: the seed's image built on
/// a test machine lacked what the field machine needed to mount root. Checks, in order: the image
/// is the one the plan was made for (sha256); it is for this kernel release; it carries the root
/// file system's module and the root device's storage drivers (with dependencies; built-ins need
/// not be there); a root= baked into it names this host's root; it lost no module the current
/// image had; it carries the expected new driver.
/// </summary>
public static class HostFitChecker
{
    public static HostFitReport Check(HostFitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var findings = new List<HostFitFinding>();
        string sha = ImageFacts.Sha256(request.ImagePath);
        if (request.ExpectedSha256 is { } expected && !string.Equals(expected, sha, StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new(HostFitSeverity.Error, "sha256",
                $"{request.ImagePath} has sha256 {sha}, not {expected.ToLowerInvariant()} the plan was made against: a different image, refused"));
            return new HostFitReport(request.ImagePath, sha, false, findings);
        }

        HostProfile host = request.Host;
        ImageFacts image = ImageFacts.Read(request.ImagePath);
        CheckRelease(host, image, findings);
        CheckRequiredModules(host, image, findings);
        CheckRootArgument(host, image, findings);
        if (request.CurrentImagePath is { } current)
            CheckLostModules(current, image, findings);
        if (request.Driver is { } driver)
            CheckDriver(driver, host.KernelRelease, image, findings);
        foreach (string note in host.Notes)
            findings.Add(new(HostFitSeverity.Warning, "host", note));
        bool fits = findings.All(f => f.Severity != HostFitSeverity.Error);
        return new HostFitReport(request.ImagePath, sha, fits, findings);
    }

    private static void CheckRelease(HostProfile host, ImageFacts image, List<HostFitFinding> findings)
    {
        if (image.KernelReleases.Contains(host.KernelRelease))
        {
            findings.Add(new(HostFitSeverity.Info, "kernel-release", $"modules are for kernel {host.KernelRelease}"));
            var others = image.KernelReleases.Where(r => r != host.KernelRelease).ToList();
            if (others.Count > 0)
                findings.Add(new(HostFitSeverity.Warning, "kernel-release", $"the image also holds module trees for {string.Join(", ", others)}"));
        }
        else if (image.KernelReleases.Count == 0)
        {
            findings.Add(new(HostFitSeverity.Error, "kernel-release", $"the image has no lib/modules/{host.KernelRelease}: no module can load from it"));
        }
        else
        {
            findings.Add(new(HostFitSeverity.Error, "kernel-release",
                $"the image's modules are for {string.Join(", ", image.KernelReleases)}, not for kernel {host.KernelRelease}: they will not load"));
        }
    }

    private static void CheckRequiredModules(HostProfile host, ImageFacts image, List<HostFitFinding> findings)
    {
        var present = image.Modules.Where(m => InRelease(m.Path, host.KernelRelease)).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (module, why) in host.RequiredModules)
        {
            string check = why.StartsWith("root file system", StringComparison.Ordinal) ? "root-fs-module" : "storage-driver";
            findings.Add(present.Contains(module)
                ? new(HostFitSeverity.Info, check, $"{module} is in the image ({why})")
                : new(HostFitSeverity.Error, check,
                    $"{module} is missing from the image ({why}): the kernel cannot mount root {host.RootDevice} and boot stops in the initramfs"));
        }
        foreach (string builtin in host.BuiltinModules)
            findings.Add(new(HostFitSeverity.Info, "builtin", $"{builtin} is built into kernel {host.KernelRelease}: it need not be in the image"));
    }

    private static void CheckRootArgument(HostProfile host, ImageFacts image, List<HostFitFinding> findings)
    {
        foreach (var (file, text) in image.CmdlineFiles)
        {
            if (KernelCommandLine.Get(text, "root") is not { } root)
                continue;
            var hostRoots = new[] { host.BootRootArgument, host.RootDevice }.OfType<string>().ToList();
            if (hostRoots.Count == 0)
                findings.Add(new(HostFitSeverity.Warning, "root-argument", $"{file} sets root={root}; this host's root is not known to compare"));
            else if (hostRoots.Contains(root))
                findings.Add(new(HostFitSeverity.Info, "root-argument", $"{file} sets root={root}, this host's root"));
            else
                findings.Add(new(HostFitSeverity.Error, "root-argument",
                    $"{file} sets root={root}, but this host's root is {string.Join(" / ", hostRoots)}: the image was built for another host"));
        }
    }

    private static void CheckLostModules(string currentPath, ImageFacts image, List<HostFitFinding> findings)
    {
        ImageFacts current = ImageFacts.Read(currentPath);
        var now = image.Modules.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var lost = current.Modules.Select(m => m.Name).Where(n => !now.Contains(n)).Distinct().Order(StringComparer.Ordinal).ToList();
        findings.Add(lost.Count == 0
            ? new(HostFitSeverity.Info, "lost-module", $"every module of the current image ({current.Modules.Count}) is still there")
            : new(HostFitSeverity.Error, "lost-module",
                $"{lost.Count} module(s) of the current image are missing from the new one: {string.Join(' ', lost)}"));
    }

    private static void CheckDriver(ExpectedDriver driver, string release, ImageFacts image, List<HostFitFinding> findings)
    {
        string name = NicDoctor.KernelModules.ModuleDirectory.Normalize(driver.Name);
        var copies = image.Modules.Where(m => m.Name == name && InRelease(m.Path, release)).ToList();
        if (copies.Count == 0)
        {
            findings.Add(new(HostFitSeverity.Info, "new-driver", $"{name} is not in the image: it loads from /lib/modules after the root switch"));
            return;
        }
        if (LoadedCopy(name, release, copies, image) is not ({ } inside, string how))
        {
            findings.Add(new(HostFitSeverity.Error, "new-driver",
                $"the image's modules.dep names a {name} file the image does not hold ({string.Join(", ", copies.Select(c => c.Path))} are there): modprobe cannot load it in early boot"));
            return;
        }
        bool versionOk = driver.Version is null || driver.Version == inside.Version;
        bool srcOk = driver.SrcVersion is null || driver.SrcVersion == inside.SrcVersion;
        findings.Add(versionOk && srcOk
            ? new(HostFitSeverity.Info, "new-driver", $"{name} in the image is the new one ({how}: {inside.Path}, version {inside.Version}, srcversion {inside.SrcVersion})")
            : new(HostFitSeverity.Error, "new-driver",
                $"{name} that early boot loads is version {inside.Version} srcversion {inside.SrcVersion}, not the new {driver.Version ?? "-"} / {driver.SrcVersion ?? "-"} ({how}: {inside.Path}): early boot would load the old driver"));
    }

    /// <summary>
    /// The copy modprobe loads in early boot: the file the image's own modules.dep names for the
    /// module (a path stored twice: the kernel keeps the last copy). Without a modules.dep, depmod's
    /// default search order decides: updates/ before the rest. Null when modules.dep names a file
    /// the image lacks.
    /// </summary>
    private static (ImageModule Copy, string How)? LoadedCopy(string name, string release, List<ImageModule> copies, ImageFacts image)
    {
        if (image.ModuleDeps.TryGetValue(release, out string? dep))
        {
            foreach (string line in dep.Split('\n'))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                    continue;
                string file = line[..colon].Trim();
                if (NicDoctor.KernelModules.ModuleDirectory.ModuleNameOf(file) != name)
                    continue;
                // kmod writes paths relative to the module directory; old depmod wrote them absolute.
                string marker = $"/modules/{release}/";
                int at = file.IndexOf(marker, StringComparison.Ordinal);
                string relative = file.StartsWith('/') && at >= 0 ? file[(at + marker.Length)..] : file;
                ImageModule? named = copies.LastOrDefault(c => c.Path.EndsWith($"modules/{release}/{relative}", StringComparison.Ordinal));
                return named is null ? null : (named, $"the image's modules.dep names {relative}");
            }
        }
        ImageModule? update = copies.LastOrDefault(c => c.Path.Contains($"modules/{release}/updates/", StringComparison.Ordinal));
        return update is not null
            ? (update, "no modules.dep entry; depmod searches updates/ first")
            : (copies[^1], "no modules.dep entry; the last copy");
    }

    private static bool InRelease(string path, string release) =>
        path.StartsWith($"lib/modules/{release}/", StringComparison.Ordinal) || path.StartsWith($"usr/lib/modules/{release}/", StringComparison.Ordinal);
}
