using NicDoctor.KernelModules;

namespace NicDoctor.Upgrade.HostFit;

/// <summary><c>modules.dep</c>: each module's direct dependencies, by module name.</summary>
internal sealed class ModuleDependencies
{
    private readonly Dictionary<string, string[]> _deps;

    private ModuleDependencies(Dictionary<string, string[]> deps)
    {
        _deps = deps;
    }

    /// <summary>Null when the file does not exist.</summary>
    public static ModuleDependencies? Read(string path)
    {
        if (!File.Exists(path))
            return null;
        var deps = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(path))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                continue;
            string name = ModuleDirectory.ModuleNameOf(line[..colon]);
            deps.TryAdd(name, [.. line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ModuleDirectory.ModuleNameOf)]);
        }
        return new ModuleDependencies(deps);
    }

    public bool Contains(string name) => _deps.ContainsKey(name);

    public IReadOnlyList<string> DependenciesOf(string name) => _deps.TryGetValue(name, out var d) ? d : [];
}
