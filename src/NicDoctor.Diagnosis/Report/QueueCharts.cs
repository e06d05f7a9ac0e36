using System.Globalization;
using NicDoctor.Diagnosis.Facts;
using ScottPlot;

namespace NicDoctor.Diagnosis.Report;

/// <summary>
/// The per-queue counter charts of the HTML report, drawn with ScottPlot as SVG: packets gained
/// since the first sample per queue over time, the stalled queues drawn thick and coloured on
/// top of the grey healthy ones, so a flat rx line beside a rising tx line stands out.
/// </summary>
internal static class QueueCharts
{
    private static readonly Color RxStalled = new(214, 39, 40);
    private static readonly Color TxStalled = new(255, 127, 14);
    private static readonly Color Healthy = new(150, 150, 150, 110);

    /// <summary>One SVG document per interface (interface → SVG text).</summary>
    public static IReadOnlyList<(string Interface, string Svg)> Render(IReadOnlyList<QueueCountersFact> counters)
    {
        var charts = new List<(string, string)>();
        foreach (var group in counters.GroupBy(c => c.Interface, StringComparer.Ordinal))
            charts.Add((group.Key, RenderInterface(group.Key, group.OrderBy(c => c.Stalled).ThenBy(c => c.Queue).ToArray())));
        return charts;
    }

    private static string RenderInterface(string iface, IReadOnlyList<QueueCountersFact> queues)
    {
        var plot = new Plot();
        bool timed = queues.All(q => q.Seconds.All(s => s.HasValue));
        foreach (QueueCountersFact q in queues)
        {
            AddLine(plot, q, q.TxPackets, timed, "tx", q.Stalled ? TxStalled : Healthy);
            AddLine(plot, q, q.RxPackets, timed, "rx", q.Stalled ? RxStalled : Healthy);
        }
        if (queues.Any(q => !q.Stalled))
        {
            // One legend entry for all healthy queues instead of one per queue.
            var healthy = plot.Add.Scatter(Array.Empty<double>(), Array.Empty<double>());
            healthy.Color = Healthy;
            healthy.LegendText = "other queues (rx and tx)";
        }
        plot.Title($"{iface}: packets since the first sample, per queue");
        plot.XLabel(timed ? "seconds since the first sample" : "sample");
        plot.YLabel("packets since the first sample");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetSvgXml(900, 420);
    }

    private static void AddLine(Plot plot, QueueCountersFact q, IReadOnlyList<ulong?> values, bool timed, string direction, Color color)
    {
        ulong? first = values.FirstOrDefault(v => v.HasValue);
        if (first is null)
            return;
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } v)
                continue;
            xs.Add(timed ? q.Seconds[i]!.Value : i + 1);
            ys.Add((double)v - first.Value);
        }
        var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
        line.Color = color;
        line.LineWidth = q.Stalled ? 4 : 1;
        line.MarkerSize = q.Stalled ? 8 : 0;
        if (q.Stalled)
        {
            string n = q.Queue.ToString(CultureInfo.InvariantCulture);
            line.LegendText = ys.All(y => y == 0)
                ? $"{direction}-{n}_packets: FLAT at {first.Value.ToString(CultureInfo.InvariantCulture)} (stalled queue)"
                : $"{direction}-{n}_packets: +{ys[^1].ToString(CultureInfo.InvariantCulture)} (stalled queue)";
        }
    }
}
