using System.CommandLine;
using System.Globalization;
using NicDoctor.Cli.Rendering;
using NicDoctor.Nic.Sampling;
using NicDoctor.Nic.Sources;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Nic;

/// <summary>
/// <c>nicdoctor nic stats IF [--interval 1s] [--count 5] [--from DIR]</c>: samples the per-queue
/// counters, prints per-queue deltas and the stall verdict. Exit 1 when a queue is stalled.
/// </summary>
internal static class NicStatsCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var name = NicOptions.Interface();
        var from = NicOptions.From();
        var interval = NicOptions.Interval();
        var count = new Option<int>("--count")
        {
            Description = "Number of samples (live host only; a capture has its own)",
            DefaultValueFactory = _ => 5,
        };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
                r.AddError("--count must be at least 1");
        });
        var all = new Option<bool>("--all") { Description = "Also list idle queues one by one" };
        var command = new Command("stats", "Sample per-queue counters and say which queues are stalled (exit 1 when one is), with the numbers that prove it")
        {
            name, interval, count, from, all,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string ifName = parse.GetValue(name)!;
            using INicSource source = NicOptions.OpenSource(parse.GetValue(from));
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            IReadOnlyList<NicSample> samples;
            try
            {
                samples = source.Samples(ifName, parse.GetValue(count), parse.GetValue(interval), SystemSampleClock.Instance, cancel.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
            NicStatsReport report = StallAnalyzer.Analyze(ifName, samples);
            if (output.Json)
                JsonOutput.Write(output.Stdout, report, NicJsonContext.Default.NicStatsReport);
            else
                Render(report, source.Description, parse.GetValue(all), output.Console);
            return report.AnyStalled ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    internal static void Render(NicStatsReport report, string source, bool all, IAnsiConsole console)
    {
        string window = report.WindowSeconds is { } s ? string.Create(CultureInfo.InvariantCulture, $" over {s:0.#} s") : "";
        console.MarkupLine($"[bold]{Markup.Escape(report.Interface)}[/]: {report.SampleCount} sample(s){window} [dim]({Markup.Escape(source)})[/]");
        if (report.Queues.Count == 0)
        {
            console.MarkupLine("[yellow]no per-queue counters recognised in this driver's statistics[/]");
            return;
        }
        var table = new Table()
            .AddColumn(new TableColumn("queue").RightAligned())
            .AddColumn(new TableColumn("rx packets").RightAligned()).AddColumn(new TableColumn("rx Δ").RightAligned()).AddColumn(new TableColumn("rx pkt/s").RightAligned())
            .AddColumn(new TableColumn("tx packets").RightAligned()).AddColumn(new TableColumn("tx Δ").RightAligned()).AddColumn(new TableColumn("tx pkt/s").RightAligned())
            .AddColumn(new TableColumn("tx_timeout Δ").RightAligned()).AddColumn("verdict");
        var idle = new List<int>();
        foreach (QueuePairReport q in report.Queues)
        {
            if (!all && q.Verdict == QueueVerdict.Idle)
            {
                idle.Add(q.Queue);
                continue;
            }
            table.AddRow(
                Num(q.Queue),
                Num(q.RxPackets?.Last), Num(q.RxPackets?.Delta), Rate(q.RxPacketsPerSecond),
                Num(q.TxPackets?.Last), Num(q.TxPackets?.Delta), Rate(q.TxPacketsPerSecond),
                Num(q.TxTimeoutDelta),
                Verdict(q.Verdict));
        }
        if (table.Rows.Count > 0)
            console.Write(table);
        if (idle.Count > 0)
            console.MarkupLine($"[dim]idle (nothing moved): {Markup.Escape(Ranges(idle))}[/]");
        foreach (StallFinding f in report.Findings)
            console.MarkupLine($"[red bold]STALLED[/] {(f.Direction == NicDoctor.Nic.Queues.QueueDirection.Rx ? "rx" : "tx")}-{f.Queue} ({f.Kind}): {Markup.Escape(f.Evidence)}");
        if (!report.AnyStalled)
            console.MarkupLine(report.SampleCount < 2 ? "[yellow]one sample only: no verdict (use --count 2 or more)[/]" : "[green]no stalled queue[/]");
    }

    internal static string Verdict(QueueVerdict v) => v switch
    {
        QueueVerdict.Stalled => "[red bold]stalled[/]",
        QueueVerdict.Ok => "[green]ok[/]",
        QueueVerdict.Idle => "[dim]idle[/]",
        _ => "[dim]unknown[/]",
    };

    internal static string Num(ulong? v) => v?.ToString("N0", CultureInfo.InvariantCulture) ?? "";

    internal static string Num(int v) => v.ToString(CultureInfo.InvariantCulture);

    internal static string Rate(double? v) => v?.ToString("0.#", CultureInfo.InvariantCulture) ?? "";

    internal static string Ranges(IReadOnlyList<int> numbers) => NicDoctor.Nic.Live.CpuSet.Format(numbers);
}
