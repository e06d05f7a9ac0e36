namespace NicDoctor.VmBench;

/// <summary>
/// A kernel's <c>modules.dep</c> (written by depmod): for each module, the full list of modules it
/// needs. depmod lists dependencies so that loading them in reverse order works, which is what
/// <c>modprobe --show-depends</c> prints.
/// </summary>
public sealed class ModulesDep
{
    private readonly Dictionary<string, (string Path, string[] Dependencies)> _byName;

    private ModulesDep(string modulesDirectory, Dictionary<string, (string, string[])> byName)
    {
        ModulesDirectory = modulesDirectory;
        _byName = byName;
    }

    /// <summary>The module tree the relative paths in modules.dep are relative to.</summary>
    public string ModulesDirectory { get; }

    /// <summary>Reads <c>modules.dep</c> of <paramref name="kernel"/>.</summary>
    public static ModulesDep Load(DebianKernel kernel) => Load(kernel.ModulesDirectory);

    /// <summary>Reads <c>&lt;modulesDirectory&gt;/modules.dep</c>.</summary>
    /// <exception cref="InvalidDataException">A line is not <c>path: dep dep…</c>; the message names file and line.</exception>
    public static ModulesDep Load(string modulesDirectory)
    {
        var file = Path.Combine(modulesDirectory, "modules.dep");
        var byName = new Dictionary<string, (string, string[])>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                throw new InvalidDataException($"{file}: line {lineNumber}: expected 'module-path: dependencies', got '{line}'");
            var path = line[..colon];
            var deps = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            byName[ModuleName(path)] = (path, deps);
        }
        return new ModulesDep(modulesDirectory, byName);
    }

    /// <summary>
    /// The module and everything it needs, in load order (dependencies first), as paths relative
    /// to <see cref="ModulesDirectory"/>. Names may use '-' or '_' (the kernel treats them alike).
    /// </summary>
    /// <exception cref="KeyNotFoundException">The module is not in modules.dep (built in, or absent).</exception>
    public IReadOnlyList<string> LoadOrder(string moduleName)
    {
        if (!_byName.TryGetValue(Normalize(moduleName), out var entry))
            throw new KeyNotFoundException(
                $"{Path.Combine(ModulesDirectory, "modules.dep")}: no module '{moduleName}' (built into the kernel, or not shipped)");
        return [.. entry.Dependencies.Reverse(), entry.Path];
    }

    /// <summary>The module name of a path: file name without .ko and compression suffix, '-' as '_'.</summary>
    public static string ModuleName(string path)
    {
        var name = Path.GetFileName(path);
        int ko = name.IndexOf(".ko", StringComparison.Ordinal);
        return Normalize(ko >= 0 ? name[..ko] : name);
    }

    private static string Normalize(string name) => name.Replace('-', '_');
}
