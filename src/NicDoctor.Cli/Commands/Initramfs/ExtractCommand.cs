using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Initramfs.Extract;
using NicDoctor.Initramfs.Image;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary><c>initramfs extract IMAGE [-C DIR] [--part N] [GLOB...] [--force]</c>.</summary>
internal static class ExtractCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var image = InitramfsArguments.Image();
        var part = InitramfsArguments.Part();
        var patterns = InitramfsArguments.Patterns("Only entries whose names match these shell globs");
        var directory = new Option<string>("--directory", "-C")
        {
            Description = "Extract under DIR (created if missing); nothing is ever written outside it. Default: current directory",
            HelpName = "DIR",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace existing files (atomically); without it, an existing file stops the extraction",
        };
        var command = new Command("extract",
            "Extract all parts (or some) with modes, mtimes, symlinks, hard links; owners and device nodes as root. " +
            "Refuses absolute names, '..', and writes through symlinks; exit 1 if any entry was refused. " +
            "Shows a progress bar on stderr when it is a terminal")
        {
            image, part, patterns, directory, force,
        };
        CommandAction.Set(command, globals, (parse, output) => InitramfsArguments.Guard(() =>
        {
            if (OperatingSystem.IsWindows())
                throw new UserErrorException("extract", "needs a Unix file system");
            string destination = parse.GetValue(directory) ?? ".";
            var options = new ExtractOptions
            {
                Destination = destination,
                Force = parse.GetValue(force),
                Parts = InitramfsArguments.PartSet(parse.GetValue(part)),
                Patterns = parse.GetValue(patterns) ?? [],
            };
            using InitramfsImage reader = InitramfsArguments.Open(parse.GetValue(image)!, readAhead: true);
            ExtractResult result = ExtractProgress.Run(output, reader, new InitramfsExtractor(options));
            var report = new ExtractReport(Path.GetFullPath(destination), result.Files, result.Directories, result.SymbolicLinks,
                result.HardLinks, result.SpecialFiles, result.Bytes,
                [.. result.Skipped.Select(s => new SkippedInfo(s.Part, s.Name, s.Reason, s.Unsafe))]);
            Render(report, output);
            return report.Skipped.Any(s => s.Unsafe) ? ExitCodes.Findings : ExitCodes.Ok;
        }));
        return command;
    }

    private static void Render(ExtractReport report, Output output)
    {
        if (output.Json)
        {
            JsonOutput.Write(output.Stdout, report, InitramfsJsonContext.Default.ExtractReport);
            return;
        }
        foreach (SkippedInfo s in report.Skipped)
        {
            string tag = s.Unsafe ? "[red]refused[/]" : "[yellow]skipped[/]";
            output.Console.MarkupLine($"{tag} part {s.Part}: {Markup.Escape(s.Name)}: {Markup.Escape(s.Reason)}");
        }
        output.Console.MarkupLine(
            $"extracted {report.Files} files, {report.Directories} directories, {report.SymbolicLinks} symlinks, " +
            $"{report.HardLinks} hard links, {report.SpecialFiles} special files ({Sizes.Human(report.Bytes)}) to {Markup.Escape(report.Destination)}");
    }
}
