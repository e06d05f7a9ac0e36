namespace NicDoctor.Evidence.Sources;

/// <summary>Evidence in a directory: an unpacked sosreport, a bundle, or a sample folder.</summary>
public sealed class DirectoryEvidenceSource : IEvidenceSource
{
    private readonly string _root;
    private readonly HashSet<string> _set;

    public DirectoryEvidenceSource(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{directory}: no such directory");
        _root = EvidenceRoot.Locate(Path.GetFullPath(directory));
        Name = directory;
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint, // sosreport top-level symlinks duplicate sos_commands files
            IgnoreInaccessible = true,
        };
        Files = Directory.EnumerateFiles(_root, "*", options)
            .Select(f => Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        _set = new HashSet<string>(Files, StringComparer.Ordinal);
    }

    public string Name { get; }

    public IReadOnlyList<string> Files { get; }

    public bool Contains(string path) => _set.Contains(path);

    public Stream Open(string path)
    {
        if (!_set.Contains(path))
            throw new FileNotFoundException($"{Name}: no evidence file '{path}'", path);
        return File.OpenRead(Path.Combine(_root, path));
    }

    public void Dispose()
    {
    }
}
