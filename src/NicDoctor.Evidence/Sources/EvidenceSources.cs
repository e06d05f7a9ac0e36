namespace NicDoctor.Evidence.Sources;

/// <summary>Opens the right <see cref="IEvidenceSource"/> for a path: a directory or a tarball.</summary>
public static class EvidenceSources
{
    public static IEvidenceSource Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            return new DirectoryEvidenceSource(path);
        if (File.Exists(path))
            return new TarEvidenceSource(path);
        throw new FileNotFoundException($"{path}: no such file or directory", path);
    }
}
