using NicDoctor.Initramfs.Diff;

namespace NicDoctor.Evidence.BootImage;

/// <summary>A kernel module whose identity differs between two images (paired by path without the .ko suffix).</summary>
public sealed record ModuleChange(string Name, string? PathBefore, string? PathAfter, ImageModule? Before, ImageModule? After, IReadOnlyList<string> Fields);

/// <summary>The entry-level diff of two boot images plus, for kernel modules, version/srcversion/vermagic changes.</summary>
public sealed record BootImageDifference(ImageDifference Entries, IReadOnlyList<ModuleChange> Modules)
{
    public bool Identical => Entries.Differences.Count == 0 && Modules.Count == 0;
}

public static class BootImageDiff
{
    public static BootImageDifference Compare(string before, string after)
    {
        ImageDifference entries = InitramfsDiff.Compare(before, after);
        return new BootImageDifference(entries, CompareModules(ImageModuleInventory.Read(before), ImageModuleInventory.Read(after)));
    }

    /// <summary>Pairs modules by stem (so <c>i40e.ko</c> ↔ <c>i40e.ko.xz</c> is one module) and reports what differs; the last copy of a path wins.</summary>
    public static IReadOnlyList<ModuleChange> CompareModules(IReadOnlyList<ImageModule> before, IReadOnlyList<ImageModule> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        Dictionary<string, ImageModule> a = ByStem(before), b = ByStem(after);
        var changes = new List<ModuleChange>();
        foreach (string stem in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            ImageModule? x = a.GetValueOrDefault(stem), y = b.GetValueOrDefault(stem);
            var fields = new List<string>();
            if (x is null)
                fields.Add("added");
            else if (y is null)
                fields.Add("removed");
            else
            {
                if (x.Path != y.Path)
                    fields.Add("path");
                if (x.Version != y.Version)
                    fields.Add("version");
                if (x.SrcVersion != y.SrcVersion)
                    fields.Add("srcversion");
                if (x.Vermagic != y.Vermagic)
                    fields.Add("vermagic");
                if (x.HasSymbols != y.HasSymbols)
                    fields.Add("symbols");
                if (x.Sha256 != y.Sha256)
                    fields.Add("sha256");
            }
            if (fields.Count > 0)
                changes.Add(new ModuleChange((y ?? x)!.Name, x?.Path, y?.Path, x, y, fields));
        }
        return changes;
    }

    private static Dictionary<string, ImageModule> ByStem(IReadOnlyList<ImageModule> modules)
    {
        var map = new Dictionary<string, ImageModule>(StringComparer.Ordinal);
        foreach (ImageModule m in modules)
            map[ModuleFileNames.Stem(m.Path)] = m;
        return map;
    }
}
