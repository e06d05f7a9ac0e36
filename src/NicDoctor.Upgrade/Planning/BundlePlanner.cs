using NicDoctor.Evidence.Sources;
using NicDoctor.KernelModules;
using NicDoctor.KernelModules.Loading;
using NicDoctor.KernelModules.Stripping;
using NicDoctor.Upgrade.ChangeSets;

namespace NicDoctor.Upgrade.Planning;

/// <summary>
/// <c>upgrade plan --bundle B</c>: the plan made from an evidence bundle (the collector's
/// nicdoctor/bundle, modinfo_NAME, sys/module/NAME, sha256sum_boot, sha256sum_modules, the image
/// listing, lockdown/sig_enforce/SecureBoot, symvers) instead of the target's file system. Every
/// file the change set will replace is pinned by the sha256 the bundle recorded, so apply
/// (native or apply.sh) re-checks the host itself before it touches anything.
/// </summary>
internal static class BundlePlanner
{
    private const string SecureBoot = "sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";

    public static PlanOutcome Plan(PlanRequest request)
    {
        var checks = new List<PlanCheck>();
        PlanOutcome Refuse(string check, string detail)
        {
            checks.Add(new PlanCheck(check, false, detail));
            return new PlanOutcome(checks, null, null);
        }
        void Pass(string check, string detail) => checks.Add(new PlanCheck(check, true, detail));
        if (Directory.Exists(request.OutputDirectory) && Directory.EnumerateFileSystemEntries(request.OutputDirectory).Any())
            return Refuse("output", $"{request.OutputDirectory} exists and is not empty");

        using IEvidenceSource bundle = EvidenceSources.Open(request.Bundle!);
        Dictionary<string, string> info = Pairs(Text(bundle, "nicdoctor/bundle") ?? "", '\t');
        string? kver = request.KernelRelease ?? info.GetValueOrDefault("kernel");
        if (kver is null)
            return Refuse("kernel", $"{bundle.Name}: nicdoctor/bundle names no kernel release; give --kernel");
        string prefix = $"lib/modules/{kver}";

        using ModuleFile module = ModuleFile.Open(request.ModulePath);
        string name = module.GetModinfo("name") ?? ModuleDirectory.ModuleNameOf(request.ModulePath);
        string? version = module.GetModinfo("version");
        string? srcversion = module.GetModinfo("srcversion");
        Pass("module", $"{request.ModulePath}: {name}, version {version ?? "(none)"}, srcversion {srcversion ?? "(none)"}, {module.Compression}");
        Pass("source", $"evidence bundle {bundle.Name}: host {info.GetValueOrDefault("host", "?")}, collected {info.GetValueOrDefault("collected", "?")}, kernel {kver}. "
            + "Not checked from a bundle: the module tree's symbols without symvers, other updates/ copies, the image's contents beyond its listing; apply re-checks every file's sha256 on the host");

        // The few files the shared checks read, laid out as a root.
        DirectoryInfo scratch = Directory.CreateTempSubdirectory("nicdoctor-bundle-plan-");
        try
        {
            foreach (string path in new[] { "sys/kernel/security/lockdown", "sys/module/module/parameters/sig_enforce", SecureBoot,
                $"boot/config-{kver}", $"boot/symvers-{kver}.gz", $"sys/module/{name}/version", $"sys/module/{name}/srcversion" })
                Extract(bundle, path, scratch.FullName);
            string root = scratch.FullName;

            // 1. Signature policy, from the bundle's /sys.
            string? enforcedBy = request.EnforceSignatures ? "--enforce-signatures" : SignatureEnforcement.Detect(root);
            bool signed = module.HasSignatureMarker;
            if (enforcedBy is not null && (!signed || request.StripDebug))
                return Refuse("signature", signed
                    ? $"signatures are enforced ({enforcedBy}, from the bundle) and --strip-debug would drop the module's signature"
                    : $"{name} is unsigned and signatures are enforced ({enforcedBy}, from the bundle): the kernel would log 'Loading of unsigned module is rejected'");
            Pass("signature", enforcedBy is null ? $"{(signed ? "signed" : "unsigned")}; the bundle shows no enforcement (lockdown, sig_enforce, SecureBoot)" : $"signed; enforced ({enforcedBy})");

            // 2. Load: vermagic against the installed module's; symbols against symvers when the bundle has it.
            Dictionary<string, string> modinfo = Pairs(Text(bundle, $"sos_commands/kernel/modinfo_{name}") ?? "", ':');
            string? installedVermagic = modinfo.GetValueOrDefault("vermagic");
            string? vermagic = module.GetModinfo("vermagic");
            // modinfo prints the string without its trailing space.
            if (installedVermagic is not null && vermagic?.Trim() != installedVermagic)
                return Refuse("load", $"{name}: version magic '{vermagic}' should be '{installedVermagic}' (the installed {name}'s, from the bundle): kernel {kver} would refuse it");
            string symvers = Path.Join(root, "boot", $"symvers-{kver}.gz");
            if (File.Exists(symvers))
            {
                LoadPrediction prediction = LoadPredictor.Predict(module, KernelTarget.FromSymvers(symvers, enforcedBy is not null));
                if (!prediction.Loads)
                    return Refuse("load", $"kernel {kver} would refuse {name}: {string.Join("; ", prediction.Findings.Where(f => f.Effect == LoadEffect.Refused).Select(f => f.KernelMessage.Length > 0 ? f.KernelMessage : f.Detail ?? f.Check))}");
                Pass("load", $"vermagic matches the installed {name}; symbols and CRCs checked against the bundle's symvers-{kver}.gz");
            }
            else
            {
                Pass("load", installedVermagic is null
                    ? $"not checked: the bundle has no modinfo_{name} and no symvers (check on the host with nicdoctor module check)"
                    : $"vermagic matches the installed {name}; symbols not checked (the bundle has no symvers-{kver}.gz)");
            }

            // 3. Debug information.
            ulong debugBytes = (ulong)module.Elf.Sections.Where(DebugSections.IsDebug).Sum(s => (long)s.Size);
            byte[] artifact = module.Contents.ToArray();
            bool stripped = false;
            if (request.StripDebug && debugBytes > 0)
            {
                artifact = DebugStripper.Strip(module).Image;
                stripped = true;
            }
            Pass("debug-info", stripped ? $"stripped {debugBytes} bytes of debug sections" : debugBytes > 0 ? $"carries {debugBytes} bytes of debug sections" : "no debug sections");

            // 4. Identity: installed from modinfo (what modules.dep resolved on the host), running from /sys/module.
            InstalledModule? installed = null;
            if (modinfo.GetValueOrDefault("filename") is { } filename && filename.IndexOf("lib/modules/", StringComparison.Ordinal) is int at and >= 0)
                installed = new InstalledModule(filename[at..], null, modinfo.GetValueOrDefault("version"), modinfo.GetValueOrDefault("srcversion"));
            string? Read(string path) => File.Exists(Path.Join(root, path)) ? File.ReadAllText(Path.Join(root, path)).Trim() : null;
            RunningModule? running = Directory.Exists(Path.Join(root, "sys", "module", name))
                ? new RunningModule(Read($"sys/module/{name}/version"), Read($"sys/module/{name}/srcversion")) : null;
            if (installed is not null && srcversion is not null && installed.Srcversion == srcversion)
                return Refuse("identity", $"{installed.Path} is already this module (srcversion {srcversion}, from the bundle): nothing to upgrade");
            Pass("identity", $"installed: {UpgradePlanner.Describe(installed?.Version, installed?.Srcversion, installed?.Path)}; running: {(running is null ? "not in the bundle" : UpgradePlanner.Describe(running.Version, running.Srcversion, null))}; new: {UpgradePlanner.Describe(version, srcversion, null)}");

            // 5. Install path and the indexes apply backs up: pinned by the bundle's checksums.
            string installPath = $"{prefix}/updates/{name}.ko";
            if (installed is not null && installed.Path.Contains("/updates/", StringComparison.Ordinal) && installed.Path != installPath)
                return Refuse("install-path", $"{installed.Path} provides {name} in updates/ on that host: depmod's choice between two is not defined; remove it first");
            Dictionary<string, string> indexSums = Sums(Text(bundle, "sos_commands/boot/sha256sum_modules"));
            var indexFiles = UpgradePlanner.IndexNames.Where(indexSums.ContainsKey).Select(n => $"{prefix}/{n}").ToList();
            if (!indexSums.ContainsKey("modules.dep"))
                return Refuse("install-path", $"{bundle.Name} has no sha256sum_modules: the module indexes apply replaces cannot be pinned; collect again with this nicdoctor's collector");
            var preconditions = new List<FilePrecondition> { new(installPath, null) };
            preconditions.AddRange(indexFiles.Select(p => new FilePrecondition(p, indexSums[Path.GetFileName(p)])));
            Pass("install-path", $"{installPath}; {indexFiles.Count} module indexes pinned by the bundle's checksums");

            // 6. Boot image: its sha256 and listing as collected; rebuild only (inject needs the image itself).
            DateTimeOffset now = request.Now ?? DateTimeOffset.UtcNow;
            string id = $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{name}";
            Dictionary<string, string> bootSums = Sums(Text(bundle, "sos_commands/boot/sha256sum_boot"));
            string? image = new[] { $"initramfs-{kver}.img", $"initrd.img-{kver}" }.FirstOrDefault(bootSums.ContainsKey);
            BootImagePlan? bootImage = null;
            if (image is null)
            {
                Pass("boot-image", $"the bundle lists no boot image for {kver}: nothing to rebuild");
            }
            else
            {
                string? listing = Text(bundle, $"sos_commands/boot/lsinitrd_{image}") ?? Text(bundle, $"sos_commands/boot/lsinitramfs_{image}");
                bool carries = listing is null || listing.Split('\n').Any(l => ModuleDirectory.ModuleNameOf(l.Trim().Split(' ')[^1]) == ModuleDirectory.Normalize(name) && l.Contains($"/{kver}/", StringComparison.Ordinal));
                if (!carries)
                {
                    Pass("boot-image", $"/boot/{image} does not carry {name} (the bundle's listing): it loads from /lib/modules after switch-root, the image stays");
                }
                else
                {
                    if (request.ImageStrategy != "rebuild")
                        return Refuse("boot-image", $"/boot/{image} carries {name}: inject repacks the image itself, which a bundle does not hold; plan with --image-strategy rebuild, or on the host");
                    IReadOnlyList<string> generator = request.ImageGenerator ?? (image.StartsWith("initramfs-", StringComparison.Ordinal)
                        ? ["dracut", "--force", "{new}", "{kver}"] : ["mkinitramfs", "-o", "{new}", "{kver}"]);
                    string relative = $"boot/{image}";
                    string backup = $"{relative}.nicdoctor-{id}";
                    bootImage = new BootImagePlan(relative, bootSums[image], "rebuild", generator, backup, true);
                    preconditions.Add(new FilePrecondition(relative, bootImage.Sha256));
                    preconditions.Add(new FilePrecondition(backup, null));
                    Pass("boot-image", $"/boot/{image} (sha256 {bootImage.Sha256} in the bundle) {(listing is null ? "may carry" : "carries")} {name}: rebuild with `{string.Join(' ', generator)}`, host-fit check on the host, then replace; backup {backup}");
                }
            }

            var plan = new ChangeSetPlan
            {
                Id = id,
                Created = now,
                KernelRelease = kver,
                Module = new PlannedModule(name, $"{ChangeSetLayout.ArtifactsDirectory}/{name}.ko", FileDigest.Sha256(artifact), artifact.Length,
                    version, srcversion, vermagic, signed && !stripped, stripped, Path.GetFullPath(request.ModulePath)),
                Installed = installed,
                Running = running,
                InstallPath = installPath,
                Preconditions = preconditions,
                IndexFiles = indexFiles,
                BootImage = bootImage,
                Interfaces = request.Interfaces,
                Checks = checks,
                Steps = Enum.GetValues<ApplyStep>().Where(s => bootImage is not null || s is not (ApplyStep.BootImage or ApplyStep.BootEntry)).Select(ApplySteps.Name).ToList(),
            };
            ChangeSetWriter.Write(request.OutputDirectory, plan, artifact);
            return new PlanOutcome(checks, plan, request.OutputDirectory);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static string? Text(IEvidenceSource bundle, string path)
    {
        if (!bundle.Contains(path))
            return null;
        using var reader = new StreamReader(bundle.Open(path));
        return reader.ReadToEnd();
    }

    private static void Extract(IEvidenceSource bundle, string path, string root)
    {
        if (!bundle.Contains(path))
            return;
        string target = Path.Join(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using Stream input = bundle.Open(path);
        using FileStream output = File.Create(target);
        input.CopyTo(output);
    }

    // "key<sep>value" lines, first occurrence wins (modinfo's "key:   value", the bundle's tab-separated file).
    private static Dictionary<string, string> Pairs(string text, char separator)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            int at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0)
                pairs.TryAdd(line[..at].Trim(), line[(at + 1)..].Trim());
        }
        return pairs;
    }

    // sha256sum output: "HEX  NAME" per line, by file name.
    private static Dictionary<string, string> Sums(string? text)
    {
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in (text ?? "").Split('\n'))
        {
            if (line.Length > 66 && line[64] == ' ')
                sums[Path.GetFileName(line[66..].Trim())] = line[..64];
        }
        return sums;
    }
}
