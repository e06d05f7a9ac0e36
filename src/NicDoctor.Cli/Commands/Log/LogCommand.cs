using System.CommandLine;
using NicDoctor.KernelLog;

namespace NicDoctor.Cli.Commands.Log;

/// <summary>
/// <c>nicdoctor log [FILE|DIR|-]… [--live] [--since T] [--kind K,…] [--json]</c>: reads kernel logs in
/// any framing and prints a timeline of NIC-hang, link, firmware, module-load and WARNING/BUG events.
/// Exit 0 whether or not events were found; 2 when an input cannot be read.
/// </summary>
internal static class LogCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var inputs = new Argument<string[]>("FILE|DIR|-")
        {
            Description = "Log files (plain or .gz), directories (sosreport, /var/log: dmesg*, messages*, kern.log*, syslog*, journal*), or - for stdin",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var live = new Option<bool>("--live") { Description = "Read this host's kernel log from /dev/kmsg (or journalctl -k -o json); no dmesg needed" };
        var root = new Option<string>("--root")
        {
            Description = "Root directory for --live (where dev/kmsg is)",
            DefaultValueFactory = _ => "/",
            HelpName = "DIR",
        };
        var since = new Option<string?>("--since")
        {
            Description = "Only events at or after T: seconds since boot (1234.5) or a date/time (2020-11-05T16:44:00)",
            HelpName = "T",
        };
        var kind = new Option<string[]>("--kind")
        {
            Description = $"Only these kinds, comma-separated: {string.Join(", ", KernelEventKinds.All)}",
            HelpName = "K,…",
            AllowMultipleArgumentsPerToken = false,
        };
        var evidence = new Option<bool>("--evidence", "-v") { Description = "Show each event's original log lines (file:line)" };
        // For bench/log.sh: the prefilter's literal triggers, one per line, so grep can search the same set.
        var printTriggers = new Option<bool>("--print-triggers") { Hidden = true };
        var command = new Command("log", "Kernel-log events: NETDEV WATCHDOG, driver hangs, link/reset/firmware, module-load errors, call traces")
        {
            inputs, live, root, since, kind, evidence, printTriggers,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            if (parse.GetValue(printTriggers))
            {
                foreach (string trigger in KernelLogAnalyzer.Triggers)
                    output.Stdout.WriteLine(trigger);
                return ExitCodes.Ok;
            }
            string[] paths = parse.GetValue(inputs) ?? [];
            bool readLive = parse.GetValue(live);
            if (paths.Length == 0 && !readLive)
                throw new UserErrorException("log", "nothing to read: give FILE, DIR, - (stdin) or --live");
            LogFilter filter = LogFilter.Parse(parse.GetValue(kind), parse.GetValue(since));
            var renderer = new LogRenderer(output, parse.GetValue(evidence) || output.Verbose);
            Action<KernelEvent> sink = ev =>
            {
                if (filter.Keep(ev))
                    renderer.Event(ev);
            };
            var scans = new List<KernelLogScan>();
            if (readLive)
                scans.Add(new KernelLogAnalyzer().ScanLive(parse.GetValue(root) ?? "/", sink));
            foreach (string path in paths)
                scans.AddRange(ScanPath(path, sink));
            renderer.Finish(scans);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static IEnumerable<KernelLogScan> ScanPath(string path, Action<KernelEvent> sink)
    {
        if (path == "-")
        {
            using Stream stdin = Console.OpenStandardInput();
            yield return Analyzer(null).Scan(stdin, "-", sink);
            yield break;
        }
        if (Directory.Exists(path))
        {
            IReadOnlyList<string> files = KernelLogSource.FilesIn(path);
            if (files.Count == 0)
                throw new UserErrorException("log", $"{path}: no kernel log files (dmesg*, messages*, kern.log*, syslog*, journal*) in this directory");
            foreach (string file in files)
                yield return Analyzer(file).ScanFile(file, sink);
            yield break;
        }
        if (!File.Exists(path))
            throw new UserErrorException("log", $"{path}: no such file or directory");
        yield return Analyzer(path).ScanFile(path, sink);
    }

    /// <summary>BSD syslog has no year: assume the one the file was last written in.</summary>
    private static KernelLogAnalyzer Analyzer(string? file) =>
        new(new KernelLogOptions { AssumedYear = file is null ? DateTime.Now.Year : File.GetLastWriteTime(file).Year });
}
