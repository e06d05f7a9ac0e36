using NicDoctor.Evidence.BootImage;
using NicDoctor.KernelModules;
using NicDoctor.KernelModules.Loading;

namespace NicDoctor.Diagnosis.Facts;

/// <summary>
/// Checks the module files of the NIC drivers in use (and of modules the log says failed to
/// load) where the host's file system is at hand (live host, <c>--root DIR</c>): the file
/// modprobe would load (modules.dep order: updates/, extra/, kernel/) goes through the module
/// toolkit's load check against that kernel. Without the file system, this is a gap.
/// </summary>
internal static class ModuleFactsReader
{
    public static IReadOnlyList<ModuleFact> Read(string? root, string? release, IReadOnlyList<NicFact> nics, IReadOnlyList<EventFact> events, List<string> gaps)
    {
        // Module name → an interface using it (null for modules only the log names).
        var wanted = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (NicFact nic in nics.Where(n => !string.IsNullOrEmpty(n.Driver)))
            wanted.TryAdd(ModuleDirectory.Normalize(nic.Driver!), nic.Interface);
        foreach (EventFact e in events.Where(e => e.Kind == EventKinds.ModuleLoadFailure && !string.IsNullOrEmpty(e.Module)))
            wanted.TryAdd(ModuleDirectory.Normalize(e.Module!), null);
        if (wanted.Count == 0)
            return [];
        if (root is null)
        {
            gaps.Add("module files: not checked (the evidence has no /lib/modules; diagnose the live host or --root DIR)");
            gaps.Add("boot image: not compared with /lib/modules (the evidence has no initramfs image; diagnose the live host or --root DIR)");
            return [];
        }
        if (release is null)
            return [];

        ModuleDirectory directory = ModuleDirectory.ForKernel(release, root);
        if (!File.Exists(Path.Join(directory.Path, "modules.dep")))
        {
            gaps.Add($"module files: {directory.Path}/modules.dep not found, modules of the running kernel not checked");
            return [];
        }

        var facts = new List<ModuleFact>();
        KernelTarget? target = null;
        var onDisk = new List<(string Module, string? Interface, string Path)>();
        foreach ((string module, string? iface) in wanted)
        {
            if (directory.IsBuiltin(module))
                continue;
            if (directory.FindModule(module) is not { } path)
            {
                gaps.Add($"module {module}: not in {directory.Path}/modules.dep");
                continue;
            }
            onDisk.Add((module, iface, path));
            target ??= Target(directory, root, module);
            if (Check(path, module, iface, target, release, events, gaps) is { } fact)
                facts.Add(fact);
        }
        if (onDisk.Count > 0)
            facts.AddRange(CompareBootImage(root, release, onDisk, gaps));
        return facts;
    }

    // The seed's step 5: the new driver sits in /lib/modules, but the boot image still carries
    // the old one, and the initramfs loads the NIC driver before the root file system is mounted.
    private static IEnumerable<ModuleFact> CompareBootImage(string root, string release, List<(string Module, string? Interface, string Path)> onDisk, List<string> gaps)
    {
        string? image = new[] { $"initrd.img-{release}", $"initramfs-{release}.img" }
            .Select(n => Path.Join(root, "boot", n)).FirstOrDefault(File.Exists);
        if (image is null)
        {
            gaps.Add($"boot image: no {Path.Join(root, "boot")}/initrd.img-{release} or initramfs-{release}.img, not compared with /lib/modules");
            return [];
        }
        IReadOnlyList<ImageModule> inventory;
        try
        {
            inventory = ImageModuleInventory.Read(image);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            gaps.Add($"boot image: {image} unreadable: {ex.Message}");
            return [];
        }

        var facts = new List<ModuleFact>();
        foreach ((string module, string? iface, string path) in onDisk)
        {
            // The kernel keeps the last copy of a path stored twice.
            if (inventory.LastOrDefault(m => m.Name == module) is not { } inImage)
                continue;
            string? version, srcVersion;
            try
            {
                using ModuleFile file = ModuleFile.Open(path);
                (version, srcVersion) = (file.GetModinfo("version"), file.GetModinfo("srcversion"));
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                gaps.Add($"module {module}: {path} unreadable: {ex.Message}");
                continue;
            }
            if (string.Equals(version, inImage.Version, StringComparison.Ordinal) && string.Equals(srcVersion, inImage.SrcVersion, StringComparison.Ordinal))
                continue;
            string imageSide = Describe(inImage.Version, inImage.SrcVersion);
            string diskSide = Describe(version, srcVersion);
            facts.Add(new ModuleFact
            {
                Kind = ModuleProblemKinds.BootImageDiffers,
                Module = module,
                Path = path,
                Interface = iface,
                Summary = $"{image} carries {module} {imageSide}, /lib/modules has {diskSide}",
                Evidence =
                [
                    new EvidenceRef($"{image}:{inImage.Path}", 0, $"{module} {imageSide} (sha256 {inImage.Sha256[..16]}…)"),
                    new EvidenceRef(path, 0, $"{module} {diskSide} (what modprobe loads once / is mounted)"),
                ],
            });
        }
        return facts;
    }

    private static string Describe(string? version, string? srcVersion) =>
        $"version {version ?? "(none)"}, srcversion {srcVersion ?? "(none)"}";

    // The reference for vermagic and struct module size must be an in-tree module, not the one
    // under test (an updates/ build would vouch for itself).
    private static KernelTarget Target(ModuleDirectory directory, string root, string module)
    {
        string? reference = directory.Modules
            .Where(m => m.Key != module && m.Value.Contains("/kernel/", StringComparison.Ordinal))
            .Select(m => m.Key).Order(StringComparer.Ordinal).FirstOrDefault();
        return KernelTarget.FromModuleDirectory(directory, null, root, reference, enforceSignatures: false);
    }

    private static ModuleFact? Check(string path, string module, string? iface, KernelTarget target, string release, IReadOnlyList<EventFact> events, List<string> gaps)
    {
        LoadPrediction prediction;
        try
        {
            using ModuleFile file = ModuleFile.Open(path);
            prediction = LoadPredictor.Predict(file, target);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            gaps.Add($"module {module}: {path} unreadable: {ex.Message}");
            return null;
        }
        LoadFinding[] refused = prediction.Findings.Where(f => f.Effect == LoadEffect.Refused).ToArray();
        if (refused.Length == 0)
            return null;

        var evidence = new List<EvidenceRef> { new(path, 0, $"modprobe {module} loads this file (modules.dep of {release})") };
        evidence.AddRange(refused.Select(f => new EvidenceRef(path, 0, $"load check ({f.Check}): {f.KernelMessage}")));
        // The log may already show the kernel refusing it: the same failure, seen from both sides.
        evidence.AddRange(events.Where(e => e.Kind == EventKinds.ModuleLoadFailure && e.Module is not null
            && ModuleDirectory.Normalize(e.Module) == module).SelectMany(e => e.Evidence));
        return new ModuleFact
        {
            Kind = ModuleProblemKinds.LoadRefused,
            Module = module,
            Path = path,
            Interface = iface,
            Summary = string.Join("; ", refused.Select(f => f.KernelMessage.Length > 0 ? f.KernelMessage : f.Check)),
            Evidence = evidence,
        };
    }
}
