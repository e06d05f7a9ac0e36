using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Initramfs.Image;
using NicDoctor.Initramfs.Verify;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary><c>initramfs verify IMAGE</c>: would the kernel unpack this? Exit 1 with the reasons if not.</summary>
internal static class VerifyCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var image = InitramfsArguments.Image();
        var command = new Command("verify",
            "Read everything as the kernel would: structure, crc sums, codec constraints (legacy lz4, xz crc32), trailing garbage, " +
            "duplicate paths. Exit 1 with a precise list when the image would not unpack")
        {
            image,
        };
        CommandAction.Set(command, globals, (parse, output) => InitramfsArguments.Guard(() =>
        {
            string path = parse.GetValue(image)!;
            using InitramfsImage reader = InitramfsArguments.Open(path, readAhead: true);
            VerifyReport report = InitramfsVerifier.Verify(reader);
            var model = new VerifyOutput(path, report.WouldBoot, PartInfo.From([.. report.Parts.Where(p => p.IsComplete)]),
                [.. report.Findings.Select(f => new FindingInfo(f.Severity.ToString().ToLowerInvariant(), f.Part, f.Offset, f.Message))]);
            Render(model, output);
            return model.WouldBoot ? ExitCodes.Ok : ExitCodes.Findings;
        }));
        return command;
    }

    private static void Render(VerifyOutput model, Output output)
    {
        if (output.Json)
        {
            JsonOutput.Write(output.Stdout, model, InitramfsJsonContext.Default.VerifyOutput);
            return;
        }
        foreach (FindingInfo f in model.Findings)
        {
            string tag = f.Severity == "error" ? "[red]error[/]" : "[yellow]warning[/]";
            string where = f.Part is { } p ? $"part {p}: " : "";
            output.Console.MarkupLine($"{tag}: {Markup.Escape(where + f.Message)}");
        }
        int entries = model.Parts.Sum(p => p.Entries);
        string verdict = model.WouldBoot ? "[green]OK[/]" : "[red]would not unpack[/]";
        output.Console.MarkupLine($"{Markup.Escape(model.Image)}: {verdict}: {model.Parts.Count} part(s), {entries} entries");
    }
}
