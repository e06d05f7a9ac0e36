namespace NicDoctor.Evidence.Sources;

/// <summary>
/// Finds the evidence root inside an unpacked sosreport or bundle: tarballs wrap everything in
/// one top directory (<c>sosreport-host-…/</c>, <c>nicdoctor-bundle-host-…/</c>); look through it.
/// </summary>
internal static class EvidenceRoot
{
    public static string Locate(string directory)
    {
        string current = directory;
        // Descend while the directory holds exactly one entry and it is a directory.
        for (int depth = 0; depth < 4; depth++)
        {
            string[] entries = Directory.GetFileSystemEntries(current);
            if (entries.Length != 1 || !Directory.Exists(entries[0]))
                break;
            current = entries[0];
        }
        return current;
    }

    /// <summary>The common first path component of archive entry names, or "" when there is none.</summary>
    public static string CommonTopDirectory(IEnumerable<string> paths)
    {
        string? top = null;
        foreach (string p in paths)
        {
            int slash = p.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0)
                return "";
            string first = p[..(slash + 1)];
            if (top is null)
                top = first;
            else if (!string.Equals(top, first, StringComparison.Ordinal))
                return "";
        }
        return top ?? "";
    }
}
