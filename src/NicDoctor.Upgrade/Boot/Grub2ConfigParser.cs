namespace NicDoctor.Upgrade.Boot;

/// <summary>What grub.cfg says besides its entries.</summary>
internal sealed record Grub2Config(
    IReadOnlyList<ParsedEntry> Entries,
    string? DefaultSetting,
    IReadOnlyDictionary<string, string> Variables,
    bool UsesBlscfg,
    string? ConfigFileLoaded);

/// <summary>
/// Reads GRUB 2's grub.cfg as grub-mkconfig writes it: <c>menuentry</c> blocks (with nested
/// <c>submenu</c>s), their <c>linux</c>/<c>linux16</c>/<c>linuxefi</c> and <c>initrd*</c> lines,
/// <c>set default=…</c> and other top-level <c>set</c>s, and <c>blscfg</c>, where RHEL 8+ inserts the
/// BLS entries (supplied by the caller of <see cref="Parse"/>).
/// </summary>
internal static class Grub2ConfigParser
{
    private static readonly string[] LinuxCommands = ["linux", "linux16", "linuxefi"];
    private static readonly string[] InitrdCommands = ["initrd", "initrd16", "initrdefi"];

    private sealed class Frame(string kind, string? title)
    {
        public string Kind { get; } = kind;
        public string? Title { get; } = title;
        public int Children { get; set; }
        public string? Kernel { get; set; }
        public string? Options { get; set; }
        public List<string> Initrds { get; } = [];
        public string? Device { get; set; }
        public string? InitrdCommand { get; set; }
        public string? Id { get; set; }
        public int Line { get; set; }
        public string Path { get; set; } = "";
    }

    public static Grub2Config Parse(string text, string configFile, Func<IReadOnlyList<ParsedEntry>> blsEntries)
    {
        var entries = new List<ParsedEntry>();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var top = new Frame("top", null);
        var stack = new Stack<Frame>();
        stack.Push(top);
        string? defaultSetting = null;
        string? configfile = null;
        bool blscfg = false;
        int lineNumber = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            List<string> words = GrubWords.Split(raw);
            if (words.Count == 0)
                continue;
            Frame current = stack.Peek();
            string command = words[0];
            if (command == "}")
            {
                if (stack.Count > 1)
                    Close(stack.Pop(), configFile, stack, entries);
                continue;
            }
            if (command is "menuentry" or "submenu" && words.Count >= 2)
            {
                Frame parent = MenuParent(stack);
                var frame = new Frame(command, words[1])
                {
                    Id = IdOf(words),
                    Line = lineNumber,
                    Path = parent.Kind == "top" ? $"{parent.Children}" : $"{parent.Path}>{parent.Children}",
                };
                parent.Children++;
                stack.Push(frame);
                continue;
            }
            if (words[^1] == "{")
            {
                stack.Push(new Frame("block", null) { Line = lineNumber });
                continue;
            }
            Frame? entry = stack.FirstOrDefault(f => f.Kind == "menuentry");
            if (entry is not null)
            {
                if (LinuxCommands.Contains(command) && words.Count >= 2)
                {
                    entry.Kernel = words[1];
                    entry.Options = string.Join(' ', words.Skip(2));
                }
                else if (InitrdCommands.Contains(command))
                {
                    entry.Initrds.AddRange(words.Skip(1));
                    entry.InitrdCommand = command;
                }
                else if (command == "set" && words.Count >= 2 && words[1].StartsWith("root=", StringComparison.Ordinal))
                {
                    entry.Device = words[1]["root=".Length..];
                }
                continue;
            }
            if (stack.Any(f => f.Kind == "submenu"))
                continue;
            if (command == "set" && words.Count >= 2 && words[1].Contains('=', StringComparison.Ordinal))
            {
                int eq = words[1].IndexOf('=', StringComparison.Ordinal);
                string name = words[1][..eq];
                string value = words[1][(eq + 1)..];
                // 00_header sets default="${next_entry}" for the one-shot case, and RHEL's
                // 08_fallback_counting sets default=1 only after failed OSTree boots: the header's
                // other branch is the default.
                if (name == "default" && value != "${next_entry}")
                    defaultSetting ??= value;
                else if (name != "default")
                    variables[name] = value;
            }
            else if (command == "blscfg")
            {
                blscfg = true;
                foreach (ParsedEntry bls in blsEntries())
                {
                    entries.Add(bls with { MenuPath = $"{top.Children}" });
                    top.Children++;
                }
            }
            else if (command == "configfile" && words.Count >= 2)
            {
                configfile = words[1];
            }
        }
        return new Grub2Config(entries, defaultSetting, variables, blscfg, configfile);
    }

    private static Frame MenuParent(Stack<Frame> stack) =>
        stack.FirstOrDefault(f => f.Kind is "submenu" or "top")!;

    private static void Close(Frame frame, string configFile, Stack<Frame> stack, List<ParsedEntry> entries)
    {
        if (frame.Kind != "menuentry")
            return;
        var submenus = stack.Where(f => f.Kind == "submenu").Reverse().Select(f => f.Title!).ToList();
        entries.Add(new ParsedEntry(BootEntrySource.Grub2, configFile, frame.Line, frame.Title!, frame.Id, submenus,
            frame.Path, frame.Kernel, frame.Initrds, frame.Options, null, frame.Device)
        { InitrdCommand = frame.InitrdCommand });
    }

    // grub-mkconfig writes "$menuentry_id_option 'gnulinux-…'" ($menuentry_id_option is "--id").
    private static string? IdOf(List<string> words)
    {
        for (int i = 2; i < words.Count - 1; i++)
        {
            if (words[i] is "--id" or "$menuentry_id_option" or "${menuentry_id_option}")
                return words[i + 1];
            if (words[i].StartsWith("--id=", StringComparison.Ordinal))
                return words[i]["--id=".Length..];
        }
        return null;
    }
}
