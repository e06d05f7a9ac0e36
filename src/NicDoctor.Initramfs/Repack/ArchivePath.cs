namespace NicDoctor.Initramfs.Repack;

/// <summary>Paths inside an image: compared without "./" or "/" prefixes; never outside the root.</summary>
public static class ArchivePath
{
    /// <summary>The canonical form of a stored name (<c>./usr/lib</c> and <c>usr/lib</c> are the same entry).</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string path = name;
        while (path.StartsWith("./", StringComparison.Ordinal))
            path = path[2..];
        path = path.TrimStart('/');
        return path.Length == 0 ? "." : path.TrimEnd('/');
    }

    /// <summary>Normalises a user-given path and refuses one that leaves the archive root.</summary>
    public static string Validate(string path)
    {
        string normal = Normalize(path);
        if (normal == "." || normal.Split('/').Any(c => c is ".." or ""))
            throw new ArgumentException($"'{path}': the path escapes the archive root or names no file (no '..' components, no empty names)");
        return normal;
    }

    /// <summary>Parent directories of a path, outermost first (<c>a/b/c</c> → <c>a</c>, <c>a/b</c>).</summary>
    public static IEnumerable<string> Parents(string path)
    {
        for (int i = path.IndexOf('/', StringComparison.Ordinal); i > 0; i = path.IndexOf('/', i + 1))
            yield return path[..i];
    }

    private static readonly string[] ModuleSuffixes = [".ko.zst", ".ko.xz", ".ko.gz", ".ko"];

    /// <summary>For kernel modules, the path without its .ko[.xz|.zst|.gz] suffix; otherwise null.</summary>
    public static string? ModuleStem(string path)
    {
        foreach (string suffix in ModuleSuffixes)
        {
            if (path.EndsWith(suffix, StringComparison.Ordinal))
                return path[..^suffix.Length];
        }
        return null;
    }
}
