namespace NicDoctor.Upgrade.Boot;

/// <summary>What grub.conf / menu.lst says besides its entries.</summary>
internal sealed record GrubLegacyConfig(IReadOnlyList<ParsedEntry> Entries, string? DefaultSetting, string? Fallback);

/// <summary>
/// Reads GRUB legacy's grub.conf (CentOS 6; Debian's menu.lst): global <c>default</c>/<c>fallback</c>,
/// then <c>title</c> blocks with <c>root (hd0,0)</c>, <c>kernel PATH ARGS</c> and <c>initrd PATH</c>.
/// Keywords take their argument after '=' or whitespace.
/// </summary>
internal static class GrubLegacyConfigParser
{
    public static GrubLegacyConfig Parse(string text, string configFile)
    {
        var entries = new List<ParsedEntry>();
        string? defaultSetting = null;
        string? fallback = null;
        string? globalRoot = null;
        (string Title, int Line, string? Root, string? Kernel, string? Options, List<string> Initrds)? current = null;
        int lineNumber = 0;

        void Flush()
        {
            if (current is { } c)
            {
                entries.Add(new ParsedEntry(BootEntrySource.GrubLegacy, configFile, c.Line, c.Title, null, [],
                    $"{entries.Count}", c.Kernel, c.Initrds, c.Options, null, c.Root ?? globalRoot));
            }
            current = null;
        }

        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            int split = line.IndexOfAny([' ', '\t', '=']);
            string keyword = split < 0 ? line : line[..split];
            string argument = split < 0 ? "" : line[(split + 1)..].TrimStart(' ', '\t', '=').Trim();
            switch (keyword)
            {
                case "title":
                    Flush();
                    current = (argument, lineNumber, null, null, null, []);
                    break;
                case "default" when current is null:
                    defaultSetting = argument;
                    break;
                case "fallback" when current is null:
                    fallback = argument;
                    break;
                case "root" when current is null:
                    globalRoot = argument;
                    break;
                case "root" when current is { } c:
                    current = c with { Root = argument };
                    break;
                case "kernel" when current is { } c:
                    string[] parts = argument.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
                    current = c with { Kernel = parts.Length > 0 ? parts[0] : null, Options = parts.Length > 1 ? parts[1].Trim() : "" };
                    break;
                case "initrd" when current is { } c:
                    c.Initrds.AddRange(argument.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
                    break;
            }
        }
        Flush();
        return new GrubLegacyConfig(entries, defaultSetting, fallback);
    }
}
