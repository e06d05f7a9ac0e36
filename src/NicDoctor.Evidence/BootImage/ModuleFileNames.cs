namespace NicDoctor.Evidence.BootImage;

/// <summary>The file names kmod loads as modules: <c>.ko</c> and its compressed forms.</summary>
public static class ModuleFileNames
{
    private static readonly string[] Suffixes = [".ko", ".ko.xz", ".ko.zst", ".ko.gz"];

    public static bool IsModule(string path) => Suffixes.Any(s => path.EndsWith(s, StringComparison.Ordinal));

    /// <summary>The path without its module suffix (<c>…/e1000e.ko.xz</c> → <c>…/e1000e</c>), so renamed compressions pair up.</summary>
    public static string Stem(string path)
    {
        foreach (string suffix in Suffixes.OrderByDescending(s => s.Length))
        {
            if (path.EndsWith(suffix, StringComparison.Ordinal))
                return path[..^suffix.Length];
        }
        return path;
    }
}
