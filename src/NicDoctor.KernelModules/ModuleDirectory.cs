using System.Text;

namespace NicDoctor.KernelModules;

/// <summary>
/// One kernel's module tree, <c>ROOT/lib/modules/KVER</c>: resolves module names and aliases
/// through <c>modules.dep</c>, <c>modules.alias</c> and <c>modules.builtin(.modinfo)</c> as
/// kmod's lookup does (name first, then aliases, then built-in modules).
/// </summary>
public sealed class ModuleDirectory
{
    private Dictionary<string, string>? _byName;
    private List<(string Pattern, string Module)>? _aliases;
    private HashSet<string>? _builtin;

    public ModuleDirectory(string path)
    {
        Path = path;
    }

    /// <summary>The directory holding <c>modules.dep</c>.</summary>
    public string Path { get; }

    /// <summary>The kernel release this tree belongs to (its directory name).</summary>
    public string KernelRelease => System.IO.Path.GetFileName(Path.TrimEnd('/'));

    /// <summary><c>BASEDIR/lib/modules/KVER</c> (BASEDIR defaults to "/").</summary>
    public static ModuleDirectory ForKernel(string kernelRelease, string? baseDirectory = null) =>
        new(System.IO.Path.Join(string.IsNullOrEmpty(baseDirectory) ? "/" : baseDirectory, "lib", "modules", kernelRelease));

    /// <summary>kmod's name normalisation: '-' becomes '_' (outside [...] in aliases).</summary>
    public static string Normalize(string name)
    {
        var text = new StringBuilder(name.Length);
        bool inBrackets = false;
        foreach (char c in name)
        {
            if (c == '[')
                inBrackets = true;
            else if (c == ']')
                inBrackets = false;
            text.Append(c == '-' && !inBrackets ? '_' : c);
        }
        return text.ToString();
    }

    /// <summary>The module name of a file: base name without .ko[.xz|.zst|.gz], '-' as '_'.</summary>
    public static string ModuleNameOf(string file)
    {
        string name = System.IO.Path.GetFileName(file);
        int ko = name.IndexOf(".ko", StringComparison.Ordinal);
        return Normalize(ko < 0 ? name : name[..ko]);
    }

    /// <summary>All modules in <c>modules.dep</c>: name → absolute path.</summary>
    public IReadOnlyDictionary<string, string> Modules => _byName ??= LoadDep();

    /// <summary>Absolute path of the module called <paramref name="name"/>, or null.</summary>
    public string? FindModule(string name) => Modules.GetValueOrDefault(Normalize(name));

    /// <summary>True when <paramref name="name"/> is built into the kernel (modules.builtin).</summary>
    public bool IsBuiltin(string name) => (_builtin ??= LoadBuiltin()).Contains(Normalize(name));

    /// <summary>The <c>modules.builtin.modinfo</c> entries of a built-in module, in file order.</summary>
    public IReadOnlyList<ModinfoEntry> ReadBuiltinModinfo(string name)
    {
        string file = System.IO.Path.Join(Path, "modules.builtin.modinfo");
        if (!File.Exists(file))
            return [];
        string prefix = Normalize(name) + ".";
        var entries = new List<ModinfoEntry>();
        foreach (string record in File.ReadAllText(file).Split('\0'))
        {
            if (!record.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            string rest = record[prefix.Length..];
            int eq = rest.IndexOf('=', StringComparison.Ordinal);
            entries.Add(eq < 0 ? new ModinfoEntry(rest, string.Empty) : new ModinfoEntry(rest[..eq], rest[(eq + 1)..]));
        }
        return entries;
    }

    /// <summary>
    /// What <c>modinfo NAME</c> shows: a module by name, else every module whose alias pattern
    /// matches, else a built-in module. Empty when nothing matches.
    /// </summary>
    public IReadOnlyList<ModuleInfo> Lookup(string nameOrAlias)
    {
        string normalized = Normalize(nameOrAlias);
        if (FindModule(normalized) is { } path)
            return [ModuleInfo.FromFile(path)];
        var matches = new List<ModuleInfo>();
        foreach (string module in MatchAliases(normalized).Distinct(StringComparer.Ordinal))
        {
            if (FindModule(module) is { } aliased)
                matches.Add(ModuleInfo.FromFile(aliased));
            else if (IsBuiltin(module))
                matches.Add(ModuleInfo.Builtin(module, ReadBuiltinModinfo(module)));
        }
        if (matches.Count == 0 && IsBuiltin(normalized))
            matches.Add(ModuleInfo.Builtin(normalized, ReadBuiltinModinfo(normalized)));
        return matches;
    }

    private IEnumerable<string> MatchAliases(string alias)
    {
        foreach ((string pattern, string module) in _aliases ??= LoadAliases())
        {
            if (Glob.Matches(pattern, alias))
                yield return module;
        }
    }

    private Dictionary<string, string> LoadDep()
    {
        string file = System.IO.Path.Join(Path, "modules.dep");
        if (!File.Exists(file))
            throw new FileNotFoundException($"{file}: not found (is this a kernel module directory? run depmod)", file);
        var modules = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(file))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                continue;
            string relative = line[..colon];
            string full = relative.StartsWith('/') ? relative : System.IO.Path.Join(Path, relative);
            modules.TryAdd(ModuleNameOf(relative), full);
        }
        return modules;
    }

    private HashSet<string> LoadBuiltin()
    {
        string file = System.IO.Path.Join(Path, "modules.builtin");
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(file))
        {
            foreach (string line in File.ReadLines(file))
            {
                if (line.Length > 0)
                    names.Add(ModuleNameOf(line));
            }
        }
        return names;
    }

    private List<(string, string)> LoadAliases()
    {
        string file = System.IO.Path.Join(Path, "modules.alias");
        var aliases = new List<(string, string)>();
        if (!File.Exists(file))
            return aliases;
        foreach (string line in File.ReadLines(file))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[0] == "alias")
                aliases.Add((Normalize(parts[1]), parts[2]));
        }
        return aliases;
    }
}
