using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Initramfs.Image;
using NicDoctor.Initramfs.Matching;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary><c>initramfs cat IMAGE PATH...</c>: the bytes of matching regular files on stdout.</summary>
internal static class CatCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var image = InitramfsArguments.Image();
        var part = InitramfsArguments.Part();
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Stored name or shell glob (e.g. 'etc/cmdline.d/*.conf'); a leading / or ./ is ignored",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("cat", "Write the contents of matching files to stdout, in archive order (--json: path, part, size, sha256 and base64 data of each); exit 1 if nothing matched")
        {
            image, paths, part,
        };
        CommandAction.Set(command, globals, (parse, output) => InitramfsArguments.Guard(() =>
        {
            string[] patterns = [.. parse.GetValue(paths)!.Select(Strip)];
            IReadOnlySet<int>? parts = InitramfsArguments.PartSet(parse.GetValue(part));
            using InitramfsImage reader = InitramfsArguments.Open(parse.GetValue(image)!);
            // Binary-safe on the real stdout; tests pass a TextWriter instead.
            bool realStdout = ReferenceEquals(output.Stdout, Console.Out);
            using Stream? raw = realStdout && !output.Json ? Console.OpenStandardOutput() : null;
            var files = new List<CatFile>();
            int matched = 0;
            while (reader.GetNextSegment() is { } segment)
            {
                if (parts is not null && !parts.Contains(segment.Index))
                    continue;
                while (segment.GetNextEntry() is { } entry)
                {
                    if (entry.EntryType != NicDoctor.Initramfs.Cpio.CpioEntryType.RegularFile || !PathGlob.MatchesAny(patterns, Strip(entry.Name)))
                        continue;
                    matched++;
                    if (entry.DataStream is not { } data)
                        continue;
                    if (output.Json)
                    {
                        // Bytes as base64 (a module or microcode blob is not text), with size and sha256.
                        using var copy = new MemoryStream();
                        data.CopyTo(copy);
                        byte[] bytes = copy.ToArray();
                        files.Add(new CatFile(Strip(entry.Name), segment.Index, bytes.Length,
                            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), Convert.ToBase64String(bytes)));
                    }
                    else if (raw is not null)
                    {
                        data.CopyTo(raw);
                    }
                    else
                    {
                        using var text = new StreamReader(data, leaveOpen: true);
                        output.Stdout.Write(text.ReadToEnd());
                    }
                }
            }
            raw?.Flush();
            if (output.Json)
                JsonOutput.Write(output.Stdout, files, InitramfsJsonContext.Default.ListCatFile);
            if (matched == 0)
            {
                output.Stderr.WriteLine($"nicdoctor: initramfs cat: no regular file matches {string.Join(" ", patterns)}");
                return ExitCodes.Findings;
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Strip(string name)
    {
        while (name.StartsWith("./", StringComparison.Ordinal))
            name = name[2..];
        return name.TrimStart('/');
    }
}
