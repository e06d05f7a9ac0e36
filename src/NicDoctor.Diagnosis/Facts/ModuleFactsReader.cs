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
        foreach ((string module, string? iface) in wanted)
        {
            if (directory.IsBuiltin(module))
                continue;
            if (directory.FindModule(module) is not { } path)
            {
                gaps.Add($"module {module}: not in {directory.Path}/modules.dep");
                continue;
            }
            target ??= Target(directory, root, module);
            if (Check(path, module, iface, target, release, events, gaps) is { } fact)
                facts.Add(fact);
        }
        return facts;
    }

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
