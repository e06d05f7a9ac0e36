using SharpCompress.Readers;

namespace NicDoctor.Evidence.Sources;

/// <summary>
/// Evidence in a tarball (<c>.tar</c>, <c>.tar.gz</c>, <c>.tar.xz</c>, <c>.tar.bz2</c>, <c>.tar.zst</c>):
/// a sosreport or a nicdoctor bundle, read in-process in one streaming pass — nothing is unpacked
/// to disk. Only files the diagnosis can use (<see cref="EvidenceCatalog.IsWanted"/>) are kept,
/// each up to <see cref="MaxFileBytes"/>, so memory stays bounded on multi-GB sosreports.
/// </summary>
public sealed class TarEvidenceSource : IEvidenceSource
{
    /// <summary>Largest single file kept in memory (a busy host's messages file is truncated past this).</summary>
    public const int MaxFileBytes = 64 * 1024 * 1024;

    private readonly Dictionary<string, byte[]> _kept = new(StringComparer.Ordinal);

    public TarEvidenceSource(string tarball)
    {
        ArgumentException.ThrowIfNullOrEmpty(tarball);
        Name = tarball;
        var names = new List<string>();
        var raw = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (FileStream fs = File.OpenRead(tarball))
        {
            try
            {
                using IReader reader = ReaderFactory.OpenReader(fs, new ReaderOptions { LeaveStreamOpen = true });
                while (reader.MoveToNextEntry())
                {
                    if (reader.Entry.IsDirectory || reader.Entry.Key is null)
                        continue;
                    string key = reader.Entry.Key.TrimStart('.', '/');
                    names.Add(key);
                    if (!EvidenceCatalog.IsWanted(StripAnyTop(key)))
                        continue;
                    using Stream data = reader.OpenEntryStream();
                    raw[key] = ReadBounded(data);
                }
            }
            catch (Exception ex) when (ex is not IOException and not UnauthorizedAccessException and not OutOfMemoryException)
            {
                throw new InvalidDataException($"{tarball}: offset 0x{SafePosition(fs):x}: not a readable tar archive ({ex.Message})", ex);
            }
        }
        if (names.Count == 0)
            throw new InvalidDataException($"{tarball}: offset 0x0: no files found: not a tar archive, or an empty one");
        string top = EvidenceRoot.CommonTopDirectory(names);
        Files = names.Select(n => n[top.Length..]).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToArray();
        foreach ((string key, byte[] bytes) in raw)
            _kept[key[top.Length..]] = bytes;
        _fileSet = new HashSet<string>(Files, StringComparer.Ordinal);
    }

    private readonly HashSet<string> _fileSet;

    public string Name { get; }

    public IReadOnlyList<string> Files { get; }

    public bool Contains(string path) => _fileSet.Contains(path);

    public Stream Open(string path)
    {
        if (_kept.TryGetValue(path, out byte[]? bytes))
            return new MemoryStream(bytes, writable: false);
        if (_fileSet.Contains(path))
            throw new NotSupportedException($"{Name}: '{path}' is in the archive but not kept (not an evidence file nicdoctor reads)");
        throw new FileNotFoundException($"{Name}: no evidence file '{path}'", path);
    }

    public void Dispose() => _kept.Clear();

    // Decide "wanted" before the common top directory is known: drop the first component when present.
    private static string StripAnyTop(string key)
    {
        int slash = key.IndexOf('/', StringComparison.Ordinal);
        return EvidenceCatalog.IsWanted(key) || slash < 0 ? key : key[(slash + 1)..];
    }

    private static byte[] ReadBounded(Stream data)
    {
        using var ms = new MemoryStream();
        byte[] buffer = new byte[81920];
        int n;
        while ((n = data.Read(buffer, 0, buffer.Length)) > 0)
        {
            int take = (int)Math.Min(n, MaxFileBytes - ms.Length);
            ms.Write(buffer, 0, take);
            if (ms.Length >= MaxFileBytes)
            {
                // Drain the rest so the reader can move on to the next entry.
                while (data.Read(buffer, 0, buffer.Length) > 0)
                {
                }
                break;
            }
        }
        return ms.ToArray();
    }

    private static long SafePosition(Stream s)
    {
        try
        {
            return s.Position;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }
}
