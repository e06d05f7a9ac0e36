namespace NicDoctor.Upgrade.Boot;

/// <summary>
/// Reads Boot Loader Specification entries (<c>/boot/loader/entries/*.conf</c>, one entry per file:
/// <c>title</c>, <c>version</c>, <c>linux</c>, <c>initrd</c> (repeatable, several per line),
/// <c>options</c>, <c>id</c>…). Variables such as <c>$kernelopts</c> and <c>$tuned_initrd</c> are
/// expanded with the caller's lookup as GRUB's blscfg does. Entries are ordered as
/// blscfg lists them: newest version first.
/// </summary>
internal static class BlsEntryParser
{
    public static ParsedEntry Parse(string text, string configFile, Func<string, string?> lookup)
    {
        string? title = null, version = null, linux = null, options = null, id = null;
        var initrds = new List<string>();
        int line = 0;
        foreach (string raw in text.Split('\n'))
        {
            line++;
            string trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
                continue;
            int split = trimmed.IndexOfAny([' ', '\t']);
            string key = split < 0 ? trimmed : trimmed[..split];
            string value = split < 0 ? "" : trimmed[(split + 1)..].Trim();
            switch (key)
            {
                case "title": title = value; break;
                case "version": version = value; break;
                case "linux": linux = GrubWords.Expand(value, lookup).Trim(); break;
                case "options": options = options is null ? GrubWords.Expand(value, lookup).Trim() : options + " " + GrubWords.Expand(value, lookup).Trim(); break;
                case "id": id = value; break;
                case "initrd":
                    initrds.AddRange(GrubWords.Expand(value, lookup).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
                    break;
            }
        }
        // GRUB's blscfg names the entry by its file name (without .conf), not by the "id" key.
        string fileId = Path.GetFileNameWithoutExtension(configFile);
        return new ParsedEntry(BootEntrySource.Bls, configFile, 1, title ?? version ?? fileId, fileId, [], "",
            linux, initrds, options, version, null);
    }

    /// <summary>blscfg's order: by version, newest first; then by file name, last first.</summary>
    public static IReadOnlyList<ParsedEntry> Sort(IEnumerable<ParsedEntry> entries) =>
        entries.OrderByDescending(e => e.Version ?? "", VersionComparer.Instance)
            .ThenByDescending(e => e.Id, StringComparer.Ordinal)
            .ToList();
}
