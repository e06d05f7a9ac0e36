using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Fleet.Exporter;
using NicDoctor.Fleet.Metrics;

namespace NicDoctor.Cli.Commands.Exporter;

/// <summary>
/// <c>nicdoctor exporter [--listen 127.0.0.1:9464] [--from DIR…]</c>: serves Prometheus metrics —
/// per-queue counters with the queue as a label, tx timeouts, the <c>nic stats</c> stall verdict,
/// driver facts and kernel-log event counts. <c>--from</c> replays captures instead of the live host.
/// </summary>
internal static class ExporterCommand
{
    public const string DefaultListen = "127.0.0.1:9464";

    public static Command Create(GlobalOptions globals)
    {
        var listen = new Option<string>("--listen")
        {
            Description = "Address and port to serve /metrics on (IPv6: [::1]:9464; port 0 picks a free one)",
            HelpName = "ADDR:PORT",
            DefaultValueFactory = _ => DefaultListen,
        };
        var from = new Option<string[]>("--from")
        {
            Description = "Replay capture directories (bundle, sosreport, ethtool -S captures) instead of the live host: one recorded sample per scrape, then each counter keeps its last step",
            HelpName = "DIR",
            AllowMultipleArgumentsPerToken = true,
        };
        var window = new Option<int>("--window")
        {
            Description = "Readings (scrapes) the stall detector looks at per interface",
            DefaultValueFactory = _ => 5,
        };
        window.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 3)
                r.AddError("--window must be at least 3 (the detector needs two intervals)");
        });
        var root = new Option<string?>("--root")
        {
            Description = "Live host only: read /sys, /proc and /dev/kmsg below DIR",
            HelpName = "DIR",
        };
        var once = new Option<bool>("--once") { Description = "Print one scrape to stdout and exit instead of serving" };
        var command = new Command("exporter", "Serve Prometheus metrics: per-queue counters (queue as a label), tx timeouts, stall verdict, driver facts, kernel events")
        {
            listen, from, window, root, once,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string[] dirs = parse.GetValue(from) ?? [];
            foreach (string d in dirs)
            {
                if (!Directory.Exists(d))
                    throw new UserErrorException(d, "no such directory");
            }
            string rootDir = parse.GetValue(root) ?? "/";
            ICounterFeed feed = dirs.Length > 0 ? new ReplayCounterFeed(dirs) : new LiveCounterFeed(rootDir);
            KernelEventCounter events = dirs.Length > 0 ? KernelEventCounter.FromCaptures(dirs) : KernelEventCounter.FollowKmsg(rootDir);
            using var exporter = new NicExporter(feed, events, RuleBook.Load(), parse.GetValue(window));
            if (parse.GetValue(once))
            {
                ExpositionWriter.Write(output.Stdout, exporter.Scrape());
                return ExitCodes.Ok;
            }

            string address = parse.GetValue(listen)!;
            if (!IPEndPoint.TryParse(address, out IPEndPoint? endpoint) || !address.Contains(':', StringComparison.Ordinal))
                throw new UserErrorException("--listen", $"'{address}' is not ADDR:PORT (e.g. 127.0.0.1:9464)");
            MetricsHttpServer server;
            try
            {
                server = new MetricsHttpServer(endpoint, exporter.Scrape);
            }
            catch (SocketException e)
            {
                throw new UserErrorException(address, $"cannot listen: {e.Message}");
            }
            using (server)
            {
                using var stop = new CancellationTokenSource();
                using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
                {
                    c.Cancel = true;
                    stop.Cancel();
                });
                using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
                {
                    c.Cancel = true;
                    stop.Cancel();
                });
                IPEndPoint bound = server.LocalEndpoint;
                string shown = bound.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{bound.Address}]:{bound.Port}" : bound.ToString();
                output.Stderr.WriteLine($"nicdoctor exporter: serving http://{shown}/metrics ({(dirs.Length > 0 ? "replaying " + string.Join(", ", dirs) : "live host")})");
                output.Stderr.Flush();
                server.Serve(stop.Token, message => output.Stderr.WriteLine($"nicdoctor exporter: {message}"));
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
