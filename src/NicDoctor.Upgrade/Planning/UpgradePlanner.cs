using NicDoctor.KernelModules;
using NicDoctor.KernelModules.Loading;
using NicDoctor.KernelModules.Stripping;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.Images;

namespace NicDoctor.Upgrade.Planning;

/// <summary>
/// <c>upgrade plan</c>: checks a new module against the target kernel and host, in order, and
/// stops at the first failure having written nothing; on success writes the change set
/// (plan.json, artifacts/, apply.sh, rollback.sh) into a new directory.
/// </summary>
public static class UpgradePlanner
{
    // depmod's outputs; rollback restores them byte-identical.
    internal static readonly string[] IndexNames =
    [
        "modules.dep", "modules.dep.bin", "modules.alias", "modules.alias.bin", "modules.softdep",
        "modules.symbols", "modules.symbols.bin", "modules.builtin.bin", "modules.builtin.alias.bin", "modules.devname",
    ];

    public static PlanOutcome Plan(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Bundle is not null)
            return BundlePlanner.Plan(request);
        var checks = new List<PlanCheck>();
        string root = request.Root;
        DateTimeOffset now = request.Now ?? DateTimeOffset.UtcNow;

        PlanOutcome Refuse(string check, string detail)
        {
            checks.Add(new PlanCheck(check, false, detail));
            return new PlanOutcome(checks, null, null);
        }
        void Pass(string check, string detail) => checks.Add(new PlanCheck(check, true, detail));

        if (Directory.Exists(request.OutputDirectory) && Directory.EnumerateFileSystemEntries(request.OutputDirectory).Any())
            return Refuse("output", $"{request.OutputDirectory} exists and is not empty");

        string kver = request.KernelRelease ?? DefaultKernel(root);
        ModuleDirectory tree = ModuleDirectory.ForKernel(kver, root);
        if (!File.Exists(Path.Join(tree.Path, "modules.dep")))
            return Refuse("kernel", $"{tree.Path}/modules.dep not found: kernel {kver} is not installed under {root}");
        string kernelPrefix = $"lib/modules/{kver}";

        using ModuleFile module = ModuleFile.Open(request.ModulePath);
        string name = module.GetModinfo("name") ?? ModuleDirectory.ModuleNameOf(request.ModulePath);
        string? version = module.GetModinfo("version");
        string? srcversion = module.GetModinfo("srcversion");
        Pass("module", $"{request.ModulePath}: {name}, version {version ?? "(none)"}, srcversion {srcversion ?? "(none)"}, {module.Compression}");

        // 1. Signature policy first: under lockdown an unsigned module is refused whatever else holds.
        string? enforcedBy = request.EnforceSignatures ? "--enforce-signatures" : SignatureEnforcement.Detect(root);
        bool signed = module.HasSignatureMarker;
        if (enforcedBy is not null && (!signed || request.StripDebug))
        {
            return Refuse("signature", signed
                ? $"signatures are enforced ({enforcedBy}) and --strip-debug would drop the module's signature: strip before signing instead"
                : $"{name} is unsigned and signatures are enforced ({enforcedBy}): the kernel would log 'Loading of unsigned module is rejected'. Sign it with the enrolled key (scripts/sign-file, or a MOK enrolled with mokutil --import)");
        }
        Pass("signature", enforcedBy is null
            ? (signed ? "signed; signatures are not enforced here" : "unsigned; signatures are not enforced here (the kernel taints E)")
            : $"signed; signatures are enforced ({enforcedBy}): the signing key must be in the kernel's keyring");

        // 2. Will the target kernel load it? The module toolkit's check, in the kernel's own words.
        KernelTarget target = KernelTarget.FromModuleDirectory(tree, null, root, name, enforcedBy is not null);
        LoadPrediction prediction = LoadPredictor.Predict(module, target);
        if (!prediction.Loads)
        {
            var refused = prediction.Findings.Where(f => f.Effect == LoadEffect.Refused).Select(f => f.KernelMessage.Length > 0 ? f.KernelMessage : f.Detail ?? f.Check);
            return Refuse("load", $"kernel {kver} would refuse {name}: {string.Join("; ", refused)}");
        }
        Pass("load", $"kernel {kver} loads {name}" + (prediction.Findings.Any(f => f.Effect == LoadEffect.Taints)
            ? " (taints: " + string.Join(", ", prediction.Findings.Where(f => f.Effect == LoadEffect.Taints).Select(f => f.Check)) + ")"
            : string.Empty));

        // 3. Debug information: offered, or stripped on request.
        ulong debugBytes = (ulong)module.Elf.Sections.Where(DebugSections.IsDebug).Sum(s => (long)s.Size);
        byte[] artifactBytes = module.Contents.ToArray();
        bool stripped = false;
        if (request.StripDebug && debugBytes > 0)
        {
            StripResult strip = DebugStripper.Strip(module);
            artifactBytes = strip.Image;
            stripped = true;
            Pass("debug-info", $"stripped {debugBytes} bytes of debug sections ({strip.RemovedSections.Count} sections)");
        }
        else
        {
            Pass("debug-info", debugBytes > 0 ? $"carries {debugBytes} bytes of debug sections: --strip-debug would drop them" : "no debug sections");
        }

        // 4. Compare with what is installed and running.
        InstalledModule? installed = null;
        bool sameModule = false;
        if (tree.FindModule(name) is { } installedPath)
        {
            using ModuleFile current = ModuleFile.Open(installedPath);
            installed = new InstalledModule(Relative(root, installedPath), FileDigest.Sha256(installedPath), current.GetModinfo("version"), current.GetModinfo("srcversion"));
            // In-tree modules often carry no srcversion: then the decompressed bytes decide.
            sameModule = srcversion is not null || installed.Srcversion is not null
                ? installed.Srcversion == srcversion
                : FileDigest.Sha256(current.Contents.Span) == FileDigest.Sha256(module.Contents.Span);
        }
        RunningModule? running = ReadRunning(root, name);
        if (sameModule)
            return Refuse("identity", $"{installed!.Path} is already this module (srcversion {srcversion ?? "none, same bytes"}): nothing to upgrade");
        Pass("identity", $"installed: {Describe(installed?.Version, installed?.Srcversion, installed?.Path)}; running: {(running is null ? "not loaded" : Describe(running.Version, running.Srcversion, null))}; new: {Describe(version, srcversion, null)}");

        // 5. Where it goes: updates/ wins over the in-box file, which stays untouched.
        string installPath = $"{kernelPrefix}/updates/{name}.ko";
        string updatesDir = Path.Join(tree.Path, "updates");
        if (Directory.Exists(updatesDir))
        {
            string? other = Directory.EnumerateFiles(updatesDir, "*", SearchOption.AllDirectories)
                .Where(f => ModuleDirectory.ModuleNameOf(f) == ModuleDirectory.Normalize(name) && Relative(root, f) != installPath)
                .FirstOrDefault();
            if (other is not null)
                return Refuse("install-path", $"{other} also provides {name} in updates/: depmod's choice between the two is not defined; remove it first");
        }
        var preconditions = new List<FilePrecondition> { new(installPath, FileDigest.Sha256OrNull(Path.Join(root, installPath))) };
        var indexFiles = IndexNames.Select(n => $"{kernelPrefix}/{n}").Where(p => File.Exists(Path.Join(root, p))).ToList();
        preconditions.AddRange(indexFiles.Select(p => new FilePrecondition(p, FileDigest.Sha256(Path.Join(root, p)))));
        Pass("install-path", $"{installPath} ({(preconditions[0].Sha256 is null ? "new file" : "replaces an earlier update")}); the in-box module stays");

        // 6. The boot image: only when the current one carries the driver (else it loads from /lib/modules).
        string id = $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{name}";
        string? imagePath = FindImage(root, kver);
        BootImagePlan? bootImage = null;
        if (imagePath is null)
        {
            Pass("boot-image", $"no boot image for {kver} under {Path.Join(root, "boot")}: nothing to rebuild");
        }
        else
        {
            IReadOnlyList<string> inside = [.. ImageModules.Find(imagePath, kver, name).Select(m => m.Path)];
            if (inside.Count == 0)
            {
                Pass("boot-image", $"{imagePath} does not carry {name}: it loads from /lib/modules after switch-root, the image stays");
            }
            else
            {
                IBootImageStrategy strategy = BootImageStrategies.For(request.ImageStrategy);
                IReadOnlyList<string>? generator = request.ImageGenerator ?? (strategy is RebuildImageStrategy ? RebuildImageStrategy.DetectGenerator(root) : []);
                string? unavailable = request.ImageGenerator is null ? strategy.Unavailable(root) : null;
                if (unavailable is not null || generator is null)
                    return Refuse("boot-image", $"{imagePath} carries {string.Join(", ", inside)}: without a new image the old driver keeps loading at boot. {unavailable}");
                if (strategy is InjectImageStrategy && request.ImageGenerator is null
                    && InjectImageStrategy.Refusal(imagePath, kver, module, name, tree.FindModule(name)) is { } refusal)
                    return Refuse("boot-image", $"{imagePath} carries {string.Join(", ", inside)}: inject refused: {refusal}");
                string relativeImage = Relative(root, imagePath);
                string backup = $"{relativeImage}.nicdoctor-{id}";
                bootImage = new BootImagePlan(relativeImage, FileDigest.Sha256(imagePath), strategy.Name, generator, backup, true);
                preconditions.Add(new FilePrecondition(relativeImage, bootImage.Sha256));
                preconditions.Add(new FilePrecondition(backup, null));
                Pass("boot-image", $"{imagePath} carries {string.Join(", ", inside)}: " + (strategy is InjectImageStrategy && request.ImageGenerator is null
                    ? $"inject (repack of this image, sha256 {bootImage.Sha256}, replacing only {inside[0]})"
                    : $"{strategy.Name} with `{string.Join(' ', generator)}`") + $", host-fit check, then replace; backup {backup}");
            }
        }

        var steps = Enum.GetValues<ApplyStep>().Where(s => bootImage is not null || s is not (ApplyStep.BootImage or ApplyStep.BootEntry)).Select(ApplySteps.Name).ToList();
        var plan = new ChangeSetPlan
        {
            Id = id,
            Created = now,
            KernelRelease = kver,
            Module = new PlannedModule(name, $"{ChangeSetLayout.ArtifactsDirectory}/{name}.ko", FileDigest.Sha256(artifactBytes), artifactBytes.Length,
                version, srcversion, module.GetModinfo("vermagic"), signed && !stripped, stripped, Path.GetFullPath(request.ModulePath)),
            Installed = installed,
            Running = running,
            InstallPath = installPath,
            Preconditions = preconditions,
            IndexFiles = indexFiles,
            BootImage = bootImage,
            Interfaces = request.Interfaces,
            Checks = checks,
            Steps = steps,
        };
        ChangeSetWriter.Write(request.OutputDirectory, plan, artifactBytes);
        return new PlanOutcome(checks, plan, request.OutputDirectory);
    }

    /// <summary>The boot image of that kernel: Debian's initrd.img-KVER or dracut's initramfs-KVER.img.</summary>
    public static string? FindImage(string root, string kernelRelease) =>
        new[] { $"initrd.img-{kernelRelease}", $"initramfs-{kernelRelease}.img" }
            .Select(n => Path.Join(root, "boot", n)).FirstOrDefault(File.Exists);

    private static string DefaultKernel(string root)
    {
        if (root is "/" or "")
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        string modules = Path.Join(root, "lib", "modules");
        string[] kernels = Directory.Exists(modules) ? Directory.GetDirectories(modules) : [];
        return kernels.Length == 1
            ? Path.GetFileName(kernels[0])
            : throw new ArgumentException($"{modules}: {kernels.Length} kernels installed, give --kernel");
    }

    private static RunningModule? ReadRunning(string root, string name)
    {
        string dir = Path.Join(root, "sys", "module", name);
        if (!Directory.Exists(dir))
            return null;
        static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        return new RunningModule(Read(Path.Join(dir, "version")), Read(Path.Join(dir, "srcversion")));
    }

    internal static string Describe(string? version, string? srcversion, string? path) =>
        $"version {version ?? "(none)"} srcversion {srcversion ?? "(none)"}" + (path is null ? string.Empty : $" at {path}");

    /// <summary>A path under root as plan.json writes it (no leading slash).</summary>
    public static string Relative(string root, string path) =>
        Path.GetRelativePath(Path.GetFullPath(root), Path.GetFullPath(path)).Replace('\\', '/');
}
