using System.Reflection;

namespace NicDoctor.Evidence;

/// <summary>One file of an embedded sample incident.</summary>
public sealed record SampleFile(string Path, long Size);

/// <summary>
/// Sample incidents compiled into the binary (from the repository's <c>samples/</c> folder), so
/// <c>nicdoctor diagnose --sample NAME</c> works on any host without the source tree.
/// </summary>
public static class EmbeddedSamples
{
    private const string Prefix = "samples/";
    private static readonly Assembly Owner = typeof(EmbeddedSamples).Assembly;

    /// <summary>Names of the embedded samples, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = Owner.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..].Split('/')[0])
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The files of one sample, paths relative to the sample's root, sorted.</summary>
    /// <exception cref="KeyNotFoundException">No sample has that name.</exception>
    public static IReadOnlyList<SampleFile> Files(string sample)
    {
        ArgumentException.ThrowIfNullOrEmpty(sample);
        string root = Prefix + sample + "/";
        var files = new List<SampleFile>();
        foreach (string name in Owner.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(root, StringComparison.Ordinal))
                continue;
            using Stream s = Owner.GetManifestResourceStream(name)!;
            files.Add(new SampleFile(name[root.Length..], s.Length));
        }
        if (files.Count == 0)
            throw new KeyNotFoundException($"no embedded sample '{sample}' (have: {string.Join(", ", Names)})");
        return files;
    }

    /// <summary>Opens one file of a sample for reading.</summary>
    /// <exception cref="FileNotFoundException">The sample has no such file.</exception>
    public static Stream Open(string sample, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(sample);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Owner.GetManifestResourceStream(Prefix + sample + "/" + path)
            ?? throw new FileNotFoundException($"sample '{sample}' has no file '{path}'", path);
    }
}
