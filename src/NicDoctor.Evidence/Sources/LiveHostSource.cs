using NicDoctor.Evidence.Collector;

namespace NicDoctor.Evidence.Sources;

/// <summary>
/// The running host as an evidence source: the portable collector gathers a bundle directory
/// (the same one `nicdoctor collect` writes), which is read like any other and deleted on dispose.
/// One way to gather evidence, whether the host is diagnosed here or from a bundle elsewhere.
/// </summary>
public sealed class LiveHostSource : IEvidenceSource
{
    private readonly string _bundleDirectory;
    private readonly DirectoryEvidenceSource _inner;

    public LiveHostSource(int samples, int intervalSeconds, string? root = null, TextWriter? progress = null)
    {
        _bundleDirectory = CollectorScript.Run(new CollectorOptions("-", samples, intervalSeconds, root), progress);
        _inner = new DirectoryEvidenceSource(_bundleDirectory);
        Name = root is null ? "live host" : $"live host (root {root})";
        Root = root ?? "/";
    }

    /// <summary>The host's file system root ("/" or --root DIR): module files and boot images are read from it directly.</summary>
    public string Root { get; }

    public string Name { get; }

    public IReadOnlyList<string> Files => _inner.Files;

    public bool Contains(string path) => _inner.Contains(path);

    public Stream Open(string path) => _inner.Open(path);

    public void Dispose()
    {
        _inner.Dispose();
        if (Directory.Exists(_bundleDirectory))
            Directory.Delete(_bundleDirectory, recursive: true);
    }
}
