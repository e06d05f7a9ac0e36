using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Evidence;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Diagnose;

/// <summary>
/// <c>nicdoctor diagnose</c>. Until the diagnosis engine lands (issue #9) it lists the evidence
/// of an embedded sample; other sources say they are not implemented yet.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var sample = new Option<string>("--sample")
        {
            Description = $"Diagnose an embedded sample incident ({string.Join(", ", EmbeddedSamples.Names)})",
            HelpName = "NAME",
        };
        sample.AcceptOnlyFromAmong([.. EmbeddedSamples.Names]);
        var command = new Command("diagnose", "Find what is wrong with this host's NICs, with evidence and next steps")
        {
            sample,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string? name = parse.GetValue(sample);
            if (name is null)
            {
                output.Stderr.WriteLine("nicdoctor: diagnose: live host, sosreport and bundle sources are not implemented yet (issue #9); try --sample");
                return ExitCodes.Findings;
            }
            var listing = new SampleListing(name, EmbeddedSamples.Files(name), "evidence listed; diagnosis rules arrive with issue #9");
            Render(listing, output);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(SampleListing listing, Output output)
    {
        if (output.Json)
        {
            JsonOutput.Write(output.Stdout, listing, CliJsonContext.Default.SampleListing);
            return;
        }
        var table = new Table().Title($"sample [bold]{Markup.Escape(listing.Sample)}[/]")
            .AddColumn("evidence file").AddColumn(new TableColumn("bytes").RightAligned());
        foreach (SampleFile f in listing.Files)
            table.AddRow(Markup.Escape(f.Path), f.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        output.Console.Write(table);
        output.Console.MarkupLine($"[dim]{Markup.Escape(listing.Status)}[/]");
    }
}
