namespace NicDoctor.Evidence.Sources;

/// <summary>
/// A read-only set of evidence files addressed by relative path ('/'-separated, no leading
/// slash): a sosreport or bundle directory, the same as a tarball, or an embedded sample.
/// </summary>
public interface IEvidenceSource : IDisposable
{
    /// <summary>What this source is, for messages (a path, or <c>sample:NAME</c>).</summary>
    string Name { get; }

    /// <summary>Every file the source holds, relative paths, sorted ordinally.</summary>
    IReadOnlyList<string> Files { get; }

    /// <summary>Opens one file; <see cref="FileNotFoundException"/> when it is not there.</summary>
    Stream Open(string path);

    /// <summary>True when the source holds the file.</summary>
    bool Contains(string path);
}
