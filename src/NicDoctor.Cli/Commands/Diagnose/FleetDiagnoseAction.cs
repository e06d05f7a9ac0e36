using System.Text.Json.Serialization;
using NicDoctor.Cli.Rendering;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Fleet.Summary;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Diagnose;

/// <summary>
/// <c>nicdoctor diagnose --fleet DIR</c>: diagnoses every bundle/sosreport in DIR in parallel and
/// prints one row per host (verdict, drivers, versions, stalled queues). Exit 1 when any host has a
/// problem or a bundle could not be read.
/// </summary>
internal static class FleetDiagnoseAction
{
    public static int Run(string directory, string? rulesDirectory, Output output)
    {
        if (!Directory.Exists(directory))
            throw new UserErrorException(directory, "no such directory");
        FleetSummary summary = FleetDiagnoser.Diagnose(directory, RuleBook.Load(rulesDirectory));
        if (output.Json)
            JsonOutput.Write(output.Stdout, summary, FleetJsonContext.Default.FleetSummary);
        else
            Render(summary, output.Console);
        return summary.ProblemHosts > 0 || summary.UnreadableBundles > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    internal static void Render(FleetSummary summary, IAnsiConsole console)
    {
        if (summary.Hosts.Count == 0)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(summary.Directory)}: no bundles (directories or .tar.* files)[/]");
            return;
        }
        var table = new Table()
            .AddColumn("host").AddColumn("verdict").AddColumn("driver").AddColumn("version").AddColumn("stalled queues");
        foreach (FleetHostRow row in summary.Hosts)
        {
            string verdict = row.Error is { } error ? $"[red]unreadable: {Markup.Escape(error)}[/]"
                : row.ProblemFound ? $"[red bold]{Markup.Escape(row.Verdict ?? "")}[/]"
                : $"[green]{Markup.Escape(row.Verdict ?? "")}[/]";
            table.AddRow(
                Markup.Escape(row.Host),
                verdict,
                Markup.Escape(string.Join(", ", row.Drivers)),
                Markup.Escape(string.Join(", ", row.DriverVersions)),
                Markup.Escape(string.Join(", ", row.StalledQueues)));
        }
        console.Write(table);
        console.MarkupLine($"{summary.Hosts.Count} host(s): [bold]{summary.ProblemHosts}[/] with a problem, {summary.UnreadableBundles} unreadable");
    }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FleetSummary))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
