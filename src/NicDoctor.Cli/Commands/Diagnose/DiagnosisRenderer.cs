using System.Text.Json.Serialization;
using NicDoctor.Cli.Rendering;
using NicDoctor.Diagnosis;
using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Report;
using NicDoctor.Diagnosis.Rules;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Diagnose;

/// <summary>Human (Spectre.Console) and JSON renderings of one <see cref="DiagnosisReport"/>.</summary>
internal static class DiagnosisRenderer
{
    public static void Render(DiagnosisReport report, string sourceName, Output output)
    {
        if (output.Json)
        {
            JsonOutput.Write(output.Stdout, new DiagnosisDocument(sourceName, report), DiagnosisJsonContext.Default.DiagnosisDocument);
            return;
        }
        IAnsiConsole console = output.Console;
        string color = report.ProblemFound ? "red" : "green";
        console.MarkupLine($"[bold {color}]{Markup.Escape(report.Verdict)}[/]");
        console.MarkupLine($"[dim]source: {Markup.Escape(sourceName)}; host: {Markup.Escape(report.Host ?? "?")}; kernel: {Markup.Escape(report.KernelRelease ?? "?")}[/]");
        console.WriteLine();

        foreach (NicFact n in report.Nics)
        {
            string line = string.Join("  ", new[]
            {
                n.Interface, Join(n.Driver, n.DriverVersion), n.Firmware is null ? null : "fw " + n.Firmware, n.BusInfo, n.Model,
                n.SpeedMbps is int s ? $"{s} Mb/s" : null, n.LinkDetected is bool l ? (l ? "link up" : "link down") : null,
            }.Where(x => !string.IsNullOrEmpty(x)));
            console.MarkupLine($"[bold]nic[/] {Markup.Escape(line)}");
        }
        if (report.Nics.Count > 0)
            console.WriteLine();

        int index = 0;
        foreach (Finding f in report.Findings)
        {
            index++;
            string sev = f.Severity switch { Severity.Critical => "red", Severity.Warning => "yellow", _ => "blue" };
            string weak = f.Weak ? " [dim](weak evidence)[/]" : "";
            console.MarkupLine($"[bold]{index}. [{sev}]{f.Severity.ToString().ToUpperInvariant()}[/] {Markup.Escape(f.Id)}[/] {Markup.Escape(f.Title)}{weak} [dim](confidence {f.Confidence.ToString().ToLowerInvariant()})[/]");
            console.MarkupLine($"   {Markup.Escape(f.Explanation)}");
            if (f.Evidence.Count > 0)
            {
                console.MarkupLine("   [bold]evidence[/]");
                foreach (EvidenceRef e in f.Evidence)
                {
                    string where = e.Line > 0 ? $"{e.Source}:{e.Line}" : e.Source;
                    console.MarkupLine($"     [dim]{Markup.Escape(where)}[/]  {Markup.Escape(e.Text)}");
                }
            }
            if (f.Fix is not null)
                console.MarkupLine($"   [bold]fix[/] {Markup.Escape(f.Fix)}");
            foreach (string next in f.Next)
                console.MarkupLine($"   [bold]next[/] [cyan]{Markup.Escape(next)}[/]");
            foreach (RuleSource s in f.Sources)
                console.MarkupLine($"   [dim]source: {Markup.Escape(s.Title)} — {Markup.Escape(s.Url)}[/]");
            console.WriteLine();
        }

        if (report.Gaps.Count > 0)
        {
            console.MarkupLine("[bold]gaps in the evidence[/]");
            foreach (string gap in report.Gaps)
                console.MarkupLine($"  - {Markup.Escape(gap)}");
        }
    }

    /// <summary>Writes the HTML report; progress goes to stderr so stdout stays the diagnosis (or its JSON).</summary>
    public static void WriteReport(DiagnosisReport report, string sourceName, string path, Output output)
    {
        if (HtmlReport.Write(report, sourceName, path) is { } chartProblem)
            output.Stderr.WriteLine($"nicdoctor: warning: {path}: {chartProblem}");
        output.Stderr.WriteLine($"report written: {path}");
    }

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : a + " " + b;
}

/// <summary>JSON document of <c>diagnose --json</c> (schema in docs/diagnose.md).</summary>
internal sealed record DiagnosisDocument(string Source, DiagnosisReport Report);

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(DiagnosisDocument))]
internal sealed partial class DiagnosisJsonContext : JsonSerializerContext;
