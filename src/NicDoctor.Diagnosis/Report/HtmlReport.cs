using System.Globalization;
using System.Net;
using System.Text;
using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.KernelModules;

namespace NicDoctor.Diagnosis.Report;

/// <summary>
/// <c>diagnose --report FILE.html</c>: one self-contained page (inline CSS, charts as inline SVG
/// data, no scripts, no external resources) with the verdict, the ranked findings with their
/// evidence and next commands, the timeline of kernel events and the per-queue counter charts.
/// </summary>
public static class HtmlReport
{
    /// <summary>Writes the page atomically (temporary file, fsync, rename); returns chart problems, if any.</summary>
    public static string? Write(DiagnosisReport report, string sourceName, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        string html = Render(report, sourceName, out string? chartProblem);
        AtomicFile.Write(path, s => s.Write(new UTF8Encoding(false).GetBytes(html)));
        return chartProblem;
    }

    /// <summary>The page as text. <paramref name="chartProblem"/> says why charts are missing, when they are.</summary>
    public static string Render(DiagnosisReport report, string sourceName, out string? chartProblem)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        h.Append("<title>nicdoctor diagnosis: ").Append(E(report.Host ?? sourceName)).Append("</title>\n");
        h.Append("<style>").Append(Css).Append("</style></head><body>\n");
        h.Append("<h1 class=\"verdict ").Append(report.ProblemFound ? "bad" : "good").Append("\">").Append(E(report.Verdict)).Append("</h1>\n");
        h.Append("<p class=\"meta\">source: ").Append(E(sourceName)).Append(" · host: ").Append(E(report.Host ?? "?"))
            .Append(" · kernel: ").Append(E(report.KernelRelease ?? "?")).Append("</p>\n");

        // The picture first (which queue stopped, and when the kernel noticed), then the reasoning.
        Nics(h, report);
        chartProblem = Charts(h, report);
        Timeline(h, report);
        Findings(h, report);
        Gaps(h, report);
        h.Append("<p class=\"meta\">nicdoctor diagnose · rules and sources: docs/rules.md</p>\n</body></html>\n");
        return h.ToString();
    }

    private static void Nics(StringBuilder h, DiagnosisReport report)
    {
        if (report.Nics.Count == 0)
            return;
        h.Append("<h2>Interfaces</h2>\n<table><tr><th>interface</th><th>driver</th><th>version</th><th>firmware</th><th>bus</th><th>model</th><th>speed</th><th>link</th></tr>\n");
        foreach (NicFact n in report.Nics)
        {
            h.Append("<tr><td>").Append(E(n.Interface)).Append("</td><td>").Append(E(n.Driver)).Append("</td><td>").Append(E(n.DriverVersion))
                .Append("</td><td>").Append(E(n.Firmware)).Append("</td><td>").Append(E(n.BusInfo)).Append("</td><td>").Append(E(n.Model))
                .Append("</td><td>").Append(n.SpeedMbps is int s ? s.ToString(CultureInfo.InvariantCulture) + " Mb/s" : "")
                .Append("</td><td>").Append(n.LinkDetected is bool l ? (l ? "up" : "down") : "").Append("</td></tr>\n");
        }
        h.Append("</table>\n");
    }

    private static void Findings(StringBuilder h, DiagnosisReport report)
    {
        h.Append("<h2>Findings</h2>\n");
        if (report.Findings.Count == 0)
            h.Append("<p>No findings.</p>\n");
        int index = 0;
        foreach (Finding f in report.Findings)
        {
            index++;
            string sev = f.Severity.ToString().ToLowerInvariant();
            h.Append("<section class=\"finding ").Append(sev).Append("\"><h3>").Append(index.ToString(CultureInfo.InvariantCulture)).Append(". <span class=\"sev\">")
                .Append(E(f.Severity.ToString().ToUpperInvariant())).Append("</span> ").Append(E(f.Id)).Append(' ').Append(E(f.Title)).Append("</h3>\n");
            h.Append("<p class=\"meta\">confidence ").Append(E(f.Confidence.ToString().ToLowerInvariant()))
                .Append(f.Weak ? " · <b>weak evidence</b>" : "").Append(" · subject ").Append(E(f.Subject)).Append("</p>\n");
            h.Append("<p>").Append(E(f.Explanation)).Append("</p>\n");
            if (f.Evidence.Count > 0)
            {
                h.Append("<div class=\"label\">evidence</div><pre>");
                foreach (EvidenceRef e in f.Evidence)
                    h.Append("<span class=\"where\">").Append(E(e.Line > 0 ? $"{e.Source}:{e.Line}" : e.Source)).Append("</span>  ").Append(E(e.Text)).Append('\n');
                h.Append("</pre>\n");
            }
            if (f.Fix is not null)
                h.Append("<p><b>fix</b> ").Append(E(f.Fix)).Append("</p>\n");
            if (f.Next.Count > 0)
            {
                h.Append("<div class=\"label\">next</div><pre class=\"next\">");
                foreach (string n in f.Next)
                    h.Append(E(n)).Append('\n');
                h.Append("</pre>\n");
            }
            if (f.Sources.Count > 0)
            {
                h.Append("<ul class=\"sources\">");
                foreach (RuleSource s in f.Sources)
                    h.Append("<li>").Append(E(s.Title)).Append(" — <a href=\"").Append(E(s.Url)).Append("\">").Append(E(s.Url)).Append("</a></li>");
                h.Append("</ul>\n");
            }
            h.Append("</section>\n");
        }
    }

    private static void Timeline(StringBuilder h, DiagnosisReport report)
    {
        h.Append("<h2>Timeline of kernel events</h2>\n");
        if (report.Events.Count == 0)
        {
            h.Append("<p>No NIC or module events in the kernel log.</p>\n");
            return;
        }
        // Log order is time order within one log; events without a time keep their place.
        h.Append("<table class=\"timeline\"><tr><th>time</th><th>event</th><th>subject</th><th>what the kernel said</th><th>where</th></tr>\n");
        foreach (EventFact e in report.Events)
        {
            EvidenceRef? at = e.Evidence.FirstOrDefault(r => r.Text.Contains(e.Summary, StringComparison.Ordinal)) ?? e.Evidence.FirstOrDefault();
            string subject = e.Interface ?? e.Module ?? e.Bus ?? "";
            if (e.Queue is int q)
                subject += $" queue {q.ToString(CultureInfo.InvariantCulture)}";
            h.Append("<tr class=\"").Append(E(e.Kind)).Append("\"><td>").Append(E(e.Time)).Append("</td><td>").Append(E(e.Kind)).Append("</td><td>")
                .Append(E(subject)).Append("</td><td>").Append(E(e.Summary)).Append("</td><td>")
                .Append(at is null ? "" : E(at.Line > 0 ? $"{at.Source}:{at.Line}" : at.Source)).Append("</td></tr>\n");
        }
        h.Append("</table>\n");
    }

    private static string? Charts(StringBuilder h, DiagnosisReport report)
    {
        h.Append("<h2>Per-queue counters</h2>\n");
        if (report.QueueCounters.Count == 0)
        {
            h.Append("<p>No per-queue counter samples in the evidence (collect several: <code>nicdoctor collect --samples 5</code>).</p>\n");
            return null;
        }
        string? problem = null;
        try
        {
            foreach ((string iface, string svg) in QueueCharts.Render(report.QueueCounters))
            {
                string data = Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
                h.Append("<figure><img alt=\"").Append(E(iface)).Append(" per-queue packet counters\" src=\"data:image/svg+xml;base64,")
                    .Append(data).Append("\"></figure>\n");
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            // SkiaSharp's native library is missing beside the executable: keep the page, say why.
            problem = $"charts not drawn: the SkiaSharp native library could not be loaded ({ex.GetBaseException().Message})";
            h.Append("<p class=\"warn\">").Append(E(problem)).Append("</p>\n");
        }

        h.Append("<table class=\"counters\"><tr><th>interface</th><th>queue</th><th>rx_packets first → last</th><th>Δ rx</th><th>tx_packets first → last</th><th>Δ tx</th><th>verdict</th></tr>\n");
        foreach (QueueCountersFact q in report.QueueCounters.OrderByDescending(q => q.Stalled).ThenBy(q => q.Interface, StringComparer.Ordinal).ThenBy(q => q.Queue))
        {
            h.Append(q.Stalled ? "<tr class=\"stalled\">" : "<tr>").Append("<td>").Append(E(q.Interface)).Append("</td><td>").Append(q.Queue.ToString(CultureInfo.InvariantCulture))
                .Append("</td>");
            Range(h, q.RxPackets);
            Range(h, q.TxPackets);
            h.Append("<td>").Append(q.Stalled ? "STALLED" : "ok").Append("</td></tr>\n");
        }
        h.Append("</table>\n");
        return problem;
    }

    private static void Range(StringBuilder h, IReadOnlyList<ulong?> values)
    {
        ulong? first = values.FirstOrDefault(v => v.HasValue);
        ulong? last = values.LastOrDefault(v => v.HasValue);
        h.Append("<td>").Append(first is { } f && last is { } l ? $"{f.ToString(CultureInfo.InvariantCulture)} → {l.ToString(CultureInfo.InvariantCulture)}" : "")
            .Append("</td><td>").Append(first is { } a && last is { } b && b >= a ? "+" + (b - a).ToString(CultureInfo.InvariantCulture) : "").Append("</td>");
    }

    private static void Gaps(StringBuilder h, DiagnosisReport report)
    {
        if (report.Gaps.Count == 0)
            return;
        h.Append("<h2>Gaps in the evidence</h2>\n<ul>");
        foreach (string g in report.Gaps)
            h.Append("<li>").Append(E(g)).Append("</li>");
        h.Append("</ul>\n");
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private const string Css = """
        body{font-family:sans-serif;max-width:1200px;margin:1em auto;padding:0 1em;color:#222}
        h1.verdict{padding:.5em;border-radius:4px;font-size:1.4em}
        h1.bad{background:#fde2e1;color:#8b0000}h1.good{background:#e3f5e1;color:#14521b}
        .meta{color:#666;font-size:.9em}
        table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
        th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
        th{background:#f2f2f2}
        tr.stalled td{background:#fde2e1;font-weight:bold}
        tr.netdev-watchdog td,tr.tx-hang td{background:#fff1e0}
        section.finding{border-left:6px solid #999;padding:.2em 1em;margin:1em 0;background:#fafafa}
        section.critical{border-color:#d62728}section.warning{border-color:#ff9800}section.info{border-color:#1f77b4}
        section.critical .sev{color:#d62728}section.warning .sev{color:#e08000}section.info .sev{color:#1f77b4}
        pre{background:#f4f4f4;padding:.5em;overflow-x:auto;white-space:pre-wrap;font-size:.85em}
        pre.next{background:#eef6ff}
        .where{color:#777}
        .label{font-weight:bold;font-size:.9em}
        .sources{font-size:.85em;color:#555}
        .warn{color:#8b0000}
        figure{margin:.5em 0}figure img{max-width:100%;border:1px solid #ddd}
        """;
}
