namespace NicDoctor.Evidence.Sources;

/// <summary>An embedded sample incident seen as an evidence source.</summary>
public sealed class EmbeddedSampleSource(string sample) : IEvidenceSource
{
    private readonly HashSet<string> _set = new(EmbeddedSamples.Files(sample).Select(f => f.Path), StringComparer.Ordinal);

    public string Name { get; } = "sample:" + sample;

    public IReadOnlyList<string> Files { get; } = EmbeddedSamples.Files(sample).Select(f => f.Path).ToArray();

    public bool Contains(string path) => _set.Contains(path);

    public Stream Open(string path) => _set.Contains(path)
        ? EmbeddedSamples.Open(sample, path)
        : throw new FileNotFoundException($"{Name}: no evidence file '{path}'", path);

    public void Dispose()
    {
    }
}
