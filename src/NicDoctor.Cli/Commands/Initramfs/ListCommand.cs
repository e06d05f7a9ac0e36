using System.CommandLine;
using System.Text;
using NicDoctor.Cli.Rendering;
using NicDoctor.Initramfs.Image;
using NicDoctor.Initramfs.Matching;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary><c>initramfs list IMAGE [--long] [--part N] [GLOB...]</c>: names exactly as <c>cpio -t</c> prints them.</summary>
internal static class ListCommand
{
    private const int FlushThreshold = 64 * 1024;

    public static Command Create(GlobalOptions globals)
    {
        var image = InitramfsArguments.Image();
        var part = InitramfsArguments.Part();
        var patterns = InitramfsArguments.Patterns("Only names matching these shell globs (* and ? also match '/', as in cpio)");
        var longFormat = new Option<bool>("--long", "-l")
        {
            Description = "ls -l style: mode, links, owner, group, size, mtime, name, link target",
        };
        var command = new Command("list", "List every entry of every part, one path per line (same names as cpio -t)")
        {
            image, part, patterns, longFormat,
        };
        CommandAction.Set(command, globals, (parse, output) => InitramfsArguments.Guard(() =>
        {
            using InitramfsImage reader = InitramfsArguments.Open(parse.GetValue(image)!);
            IReadOnlySet<int>? parts = InitramfsArguments.PartSet(parse.GetValue(part));
            string[] globs = parse.GetValue(patterns) ?? [];
            if (output.Json)
                WriteJson(reader, parts, globs, output);
            else
                WriteText(reader, parts, globs, parse.GetValue(longFormat), output.Stdout);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void WriteText(InitramfsImage reader, IReadOnlySet<int>? parts, string[] globs, bool longFormat, TextWriter stdout)
    {
        // Buffer lines ourselves: Console.Out flushes on every write.
        var text = new StringBuilder(FlushThreshold + 4096);
        var formatter = longFormat ? new LongListingFormatter() : null;
        while (reader.GetNextSegment() is { } segment)
        {
            if (parts is not null && !parts.Contains(segment.Index))
                continue;
            while (segment.GetNextEntry() is { } entry)
            {
                if (!PathGlob.MatchesAny(globs, entry.Name))
                    continue;
                if (formatter is null)
                    text.Append(entry.Name).Append('\n');
                else
                    formatter.Append(text, entry);
                if (text.Length >= FlushThreshold)
                {
                    stdout.Write(text);
                    text.Clear();
                }
            }
        }
        stdout.Write(text);
        stdout.Flush();
    }

    private static void WriteJson(InitramfsImage reader, IReadOnlySet<int>? parts, string[] globs, Output output)
    {
        var entries = new List<EntryInfo>();
        while (reader.GetNextSegment() is { } segment)
        {
            if (parts is not null && !parts.Contains(segment.Index))
                continue;
            while (segment.GetNextEntry() is { } entry)
            {
                if (PathGlob.MatchesAny(globs, entry.Name))
                    entries.Add(EntryInfo.From(segment.Index, entry));
            }
        }
        JsonOutput.Write(output.Stdout, entries, InitramfsJsonContext.Default.ListEntryInfo);
    }
}
