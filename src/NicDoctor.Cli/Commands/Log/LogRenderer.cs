using System.Globalization;
using System.Text.Json;
using NicDoctor.Cli.Rendering;
using NicDoctor.KernelLog;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Log;

/// <summary>Human timeline (Spectre table, evidence lines with -v) and streamed JSON, from the same events.</summary>
internal sealed class LogRenderer
{
    private const int DiagnosticsShown = 10;
    private readonly Output output;
    private readonly bool evidence;
    private readonly List<KernelEvent> humanEvents = [];
    private readonly JsonEventWriter? jsonEvents;

    public LogRenderer(Output output, bool evidence)
    {
        this.output = output;
        this.evidence = evidence;
        if (output.Json)
        {
            output.Stdout.Write("{\n  \"events\": [");
            jsonEvents = new JsonEventWriter(output.Stdout);
        }
    }

    /// <summary>JSON events are written as they come (memory stays flat on huge logs); human ones wait for the table.</summary>
    public void Event(KernelEvent ev)
    {
        if (jsonEvents is null)
            humanEvents.Add(ev);
        else
            jsonEvents.Write(ev);
    }

    public void Finish(IReadOnlyList<KernelLogScan> scans)
    {
        List<LogDiagnostic> diagnostics = scans.SelectMany(s => s.Diagnostics).ToList();
        if (jsonEvents is not null)
        {
            bool firstJsonEvent = jsonEvents.Count == 0;
            jsonEvents.Dispose();
            TextWriter w = output.Stdout;
            w.Write(firstJsonEvent ? "],\n" : "\n  ],\n");
            w.Write("  \"diagnostics\": [");
            w.Write(string.Join(",", diagnostics.Select(d => "\n    " + JsonSerializer.Serialize(d, LogJsonContext.Readable.LogDiagnostic))));
            w.Write(diagnostics.Count > 0 ? "\n  ],\n" : "],\n");
            w.Write("  \"sources\": [");
            w.Write(string.Join(",", scans.Select(s => "\n    " + JsonSerializer.Serialize(new LogSourceSummary(s.Source, s.Lines), LogJsonContext.Readable.LogSourceSummary))));
            w.Write(scans.Count > 0 ? "\n  ]\n}\n" : "]\n}\n");
            return;
        }
        RenderTable();
        int shown = output.Verbose ? diagnostics.Count : Math.Min(DiagnosticsShown, diagnostics.Count);
        foreach (LogDiagnostic d in diagnostics.Take(shown))
            output.Stderr.WriteLine($"nicdoctor: log: {d}");
        if (diagnostics.Count > shown)
            output.Stderr.WriteLine($"nicdoctor: log: {diagnostics.Count - shown} more diagnostics (--verbose shows all)");
        long lines = scans.Sum(s => s.Lines);
        output.Console.MarkupLine(Markup.Escape(
            $"{humanEvents.Count} event(s) in {lines.ToString(CultureInfo.InvariantCulture)} line(s) from {scans.Count} source(s)"));
    }

    private void RenderTable()
    {
        if (humanEvents.Count == 0)
            return;
        if (evidence)
        {
            // With evidence, one block per event, written plain: the original line, unwrapped, is the point.
            foreach (KernelEvent ev in humanEvents)
            {
                output.Stdout.WriteLine($"{ev.Time}  {ev.Kind.Name()}  {Where(ev)}  {ev.Summary}");
                foreach (EvidenceLine line in ev.Evidence)
                    output.Stdout.WriteLine($"    {line.Source}:{line.Line}: {line.Text}");
            }
            return;
        }
        var table = new Table().AddColumn("time").AddColumn("kind").AddColumn("where").AddColumn("summary");
        foreach (KernelEvent ev in humanEvents)
            table.AddRow(Markup.Escape(ev.Time.ToString()), KindMarkup(ev.Kind), Markup.Escape(Where(ev)), Markup.Escape(ev.Summary));
        output.Console.Write(table);
    }

    private static string KindMarkup(KernelEventKind kind)
    {
        string name = Markup.Escape(kind.Name());
        return kind switch
        {
            KernelEventKind.NetdevWatchdog or KernelEventKind.TxHang or KernelEventKind.KernelBug or KernelEventKind.ModuleLoadFailure => $"[red]{name}[/]",
            KernelEventKind.TxTimeoutRecovery or KernelEventKind.NicReset or KernelEventKind.KernelWarning or KernelEventKind.ModuleTaint => $"[yellow]{name}[/]",
            _ => name,
        };
    }

    /// <summary><c>eno3 (i40e 0000:1a:00.2) q44 cpu45</c>.</summary>
    private static string Where(KernelEvent ev)
    {
        var parts = new List<string>();
        if (ev.Interface is not null)
            parts.Add(ev.Interface);
        string? device = string.Join(' ', new[] { ev.Driver, ev.PciAddress ?? ev.BusId }.Where(s => s is not null));
        if (device.Length > 0)
            parts.Add(ev.Interface is null ? device : $"({device})");
        if (ev.Queue is { } q)
            parts.Add("q" + q.ToString(CultureInfo.InvariantCulture));
        if (ev.Cpu is { } c)
            parts.Add("cpu" + c.ToString(CultureInfo.InvariantCulture));
        if (ev.TimeoutMs is { } ms)
            parts.Add(ms.ToString(CultureInfo.InvariantCulture) + " ms");
        return string.Join(' ', parts);
    }
}
