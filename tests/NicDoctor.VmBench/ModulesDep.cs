namespace NicDoctor.VmBench;

/// <summary>
/// A kernel's <c>modules.dep</c> (written by depmod): for each module, the full list of modules it
/// needs. depmod lists dependencies so that loading them in reverse order works, which is what
/// <c>modprobe --show-depends</c> prints.
/// </summary>
public sealed class ModulesDep
{
    private readonly Dictionary<string, (string Path, string[] Dependencies)> _byName;
    private readonly HashSet<string> _builtin;

    private ModulesDep(string modulesDirectory, Dictionary<string, (string, string[])> byName, HashSet<string> builtin)
    {
        ModulesDirectory = modulesDirectory;
        _byName = byName;
        _builtin = builtin;
    }

    /// <summary>The module tree the relative paths in modules.dep are relative to.</summary>
    public string ModulesDirectory { get; }

    /// <summary>Reads <c>modules.dep</c> of <paramref name="kernel"/>.</summary>
    public static ModulesDep Load(DebianKernel kernel) => Load(kernel.ModulesDirectory);

    /// <summary>Reads <c>&lt;modulesDirectory&gt;/modules.dep</c> (and modules.builtin when present).</summary>
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
        var builtinFile = Path.Combine(modulesDirectory, "modules.builtin");
        var builtin = File.Exists(builtinFile)
            ? File.ReadLines(builtinFile).Where(l => l.Length > 0).Select(ModuleName).ToHashSet(StringComparer.Ordinal)
            : [];
        return new ModulesDep(modulesDirectory, byName, builtin);
    }

    /// <summary>
    /// The modules and everything they need, in load order (dependencies first, each file once), as
    /// paths relative to <see cref="ModulesDirectory"/> — what <c>modprobe --show-depends</c> would
    /// insmod. Modules built into the kernel need nothing. Names may use '-' or '_' alike.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A module is neither in modules.dep nor built in.</exception>
    public IReadOnlyList<string> LoadOrder(params IReadOnlyList<string> moduleNames)
    {
        var order = new List<string>();
        foreach (var moduleName in moduleNames)
        {
            var name = Normalize(moduleName);
            if (_builtin.Contains(name))
                continue;
            if (!_byName.TryGetValue(name, out var entry))
                throw new KeyNotFoundException(
                    $"{Path.Combine(ModulesDirectory, "modules.dep")}: no module '{moduleName}' (and it is not in modules.builtin)");
            // depmod lists the dependencies so that loading them back to front works.
            foreach (var path in entry.Dependencies.Reverse().Append(entry.Path))
            {
                if (!order.Contains(path))
                    order.Add(path);
            }
        }
        return order;
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
