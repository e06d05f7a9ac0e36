using System.CommandLine;
using System.Globalization;
using NicDoctor.Cli.Rendering;
using NicDoctor.Nic.Sampling;
using NicDoctor.Nic.Sources;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NicDoctor.Cli.Commands.Nic;

/// <summary>
/// <c>nicdoctor nic watch IF</c>: a live full-screen view of per-queue packet and bit rates with the
/// stall verdict over the last samples. Keys: q quits, i hides/shows idle queues; Ctrl-C quits.
/// Without a terminal it prints one table per sample instead.
/// </summary>
internal static class NicWatchCommand
{
    /// <summary>Samples the verdict looks back over.</summary>
    private const int VerdictWindow = 5;

    public static Command Create(GlobalOptions globals)
    {
        var name = NicOptions.Interface();
        var interval = NicOptions.Interval();
        var count = new Option<int?>("--count") { Description = "Stop after this many samples (default: until q or Ctrl-C)" };
        var command = new Command("watch", "Live per-queue rx/tx packet and bit rates with stalled queues highlighted (q or Ctrl-C quits, i hides idle queues)")
        {
            name, interval, count,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string ifName = parse.GetValue(name)!;
            TimeSpan every = parse.GetValue(interval);
            int? limit = parse.GetValue(count);
            using var source = new LiveNicSource();
            var state = new WatchState(ifName, source);
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                bool terminal = !output.Json && !Console.IsOutputRedirected && ReferenceEquals(output.Stdout, Console.Out);
                if (terminal)
                    RunLive(state, every, limit, output, cancel.Token);
                else
                    RunPlain(state, every, limit, output, cancel.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void RunLive(WatchState state, TimeSpan every, int? limit, Output output, CancellationToken cancel)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output.Stdout),
            Ansi = AnsiSupport.Yes,
            ColorSystem = output.Color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
        });
        bool keys = !Console.IsInputRedirected;
        console.AlternateScreen(() =>
        {
            state.Sample();
            console.Live(state.Render(every)).AutoClear(false).Start(ctx =>
            {
                int taken = 1;
                while (!cancel.IsCancellationRequested && (limit is null || taken < limit))
                {
                    DateTime due = DateTime.UtcNow + every;
                    while (DateTime.UtcNow < due && !cancel.IsCancellationRequested && !state.Quit)
                    {
                        if (keys && Console.KeyAvailable)
                        {
                            state.OnKey(Console.ReadKey(intercept: true).KeyChar);
                            ctx.UpdateTarget(state.Render(every));
                        }
                        Thread.Sleep(25);
                    }
                    if (state.Quit || cancel.IsCancellationRequested)
                        break;
                    state.Sample();
                    taken++;
                    ctx.UpdateTarget(state.Render(every));
                }
            });
        });
    }

    private static void RunPlain(WatchState state, TimeSpan every, int? limit, Output output, CancellationToken cancel)
    {
        for (int taken = 0; (limit is null || taken < limit) && !cancel.IsCancellationRequested; taken++)
        {
            if (taken > 0)
                cancel.WaitHandle.WaitOne(every);
            if (cancel.IsCancellationRequested)
                break;
            state.Sample();
            output.Console.Write(state.Render(every));
            output.Console.WriteLine();
        }
    }

    /// <summary>The rolling window of samples and what the view shows.</summary>
    private sealed class WatchState(string interfaceName, LiveNicSource source)
    {
        private readonly List<NicSample> _window = [];

        public bool HideIdle { get; private set; }
        public bool Quit { get; private set; }

        public void Sample()
        {
            _window.Add(source.ReadSample(interfaceName, DateTimeOffset.UtcNow));
            if (_window.Count > VerdictWindow)
                _window.RemoveAt(0);
        }

        public void OnKey(char key)
        {
            switch (char.ToLowerInvariant(key))
            {
                case 'q':
                    Quit = true;
                    break;
                case 'i':
                    HideIdle = !HideIdle;
                    break;
            }
        }

        public IRenderable Render(TimeSpan every)
        {
            NicStatsReport verdict = StallAnalyzer.Analyze(interfaceName, _window);
            NicStatsReport last = StallAnalyzer.Analyze(interfaceName, _window.Count >= 2 ? _window[^2..] : _window);
            var table = new Table().Expand()
                .Title($"[bold]{Markup.Escape(interfaceName)}[/] per-queue rates, verdict over the last {_window.Count} samples")
                .Caption("[dim]q quit · i " + (HideIdle ? "show" : "hide") + " idle queues · Ctrl-C quit[/]")
                .AddColumn(new TableColumn("queue").RightAligned())
                .AddColumn(new TableColumn("rx pkt/s").RightAligned()).AddColumn(new TableColumn("rx bit/s").RightAligned())
                .AddColumn(new TableColumn("tx pkt/s").RightAligned()).AddColumn(new TableColumn("tx bit/s").RightAligned())
                .AddColumn("verdict");
            int hidden = 0;
            foreach (QueuePairReport q in verdict.Queues)
            {
                QueuePairReport? now = last.Queues.FirstOrDefault(r => r.Queue == q.Queue);
                if (HideIdle && q.Verdict == QueueVerdict.Idle)
                {
                    hidden++;
                    continue;
                }
                string style = q.Verdict == QueueVerdict.Stalled ? "red bold" : "default";
                table.AddRow(
                    new Markup(q.Queue.ToString(CultureInfo.InvariantCulture), new Style(decoration: q.Verdict == QueueVerdict.Stalled ? Decoration.Bold : Decoration.None)),
                    Cell(now?.RxPacketsPerSecond, 1, style), Cell(now?.RxBytesPerSecond, 8, style),
                    Cell(now?.TxPacketsPerSecond, 1, style), Cell(now?.TxBytesPerSecond, 8, style),
                    new Markup(NicStatsCommand.Verdict(q.Verdict)));
            }
            var rows = new List<IRenderable> { table };
            if (hidden > 0)
                rows.Add(new Markup($"[dim]{hidden} idle queue(s) hidden[/]"));
            foreach (StallFinding f in verdict.Findings)
                rows.Add(new Markup($"[red bold]STALLED[/] queue {f.Queue}: {Markup.Escape(f.Evidence)}"));
            if (verdict.Queues.Count == 0)
                rows.Add(new Markup("[yellow]no per-queue counters recognised in this driver's statistics[/]"));
            return new Rows(rows);
        }

        private static Markup Cell(double? perSecond, int scale, string style) =>
            new(perSecond is { } v ? Human(v * scale) : "-", Style.Parse(style));

        private static string Human(double v) => v switch
        {
            >= 1e9 => string.Create(CultureInfo.InvariantCulture, $"{v / 1e9:0.0}G"),
            >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{v / 1e6:0.0}M"),
            >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{v / 1e3:0.0}k"),
            _ => v.ToString("0", CultureInfo.InvariantCulture),
        };
    }
}
