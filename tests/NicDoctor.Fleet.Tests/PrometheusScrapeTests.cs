using System.Diagnostics;
using System.Net;
using System.Text.Json;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Fleet.Exporter;

namespace NicDoctor.Fleet.Tests;

/// <summary>
/// A real Prometheus (Debian's package) scrapes two exporters fed by replayed captures — the seed
/// sample (rx-44 frozen, i40e 1.6.27-k) and a healthy 64-queue i40e 2.13.10 — and evaluates the
/// shipped rules with their <c>for:</c> durations shortened to seconds.
/// </summary>
public class PrometheusScrapeTests
{
    private static readonly TimeSpan AlertWait = TimeSpan.FromSeconds(120);

    [Fact]
    public void Rules_fire_on_the_stalled_queue_and_stay_silent_on_the_healthy_nic()
    {
        using var tmp = new TempDir();
        string healthyDir = CaptureFixture.Write(tmp.Sub("healthy"), "ens1f0", 64, 5, "2.13.10");
        using var stalled = new Served(TestPaths.SeedSample);
        using var healthy = new Served(healthyDir);

        string rules = File.ReadAllText(TestPaths.Rules).Replace("for: 5m", "for: 3s", StringComparison.Ordinal).Replace("for: 10m", "for: 3s", StringComparison.Ordinal);
        File.WriteAllText(tmp.Sub("nicdoctor.rules.yml"), rules);
        File.WriteAllText(tmp.Sub("prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [nicdoctor.rules.yml]
            scrape_configs:
              - job_name: nicdoctor
                static_configs:
                  - targets: ['{stalled.Address}', '{healthy.Address}']
            """);
        int port = FreePort();
        var psi = new ProcessStartInfo("prometheus")
        {
            ArgumentList =
            {
                "--config.file=" + tmp.Sub("prometheus.yml"),
                "--storage.tsdb.path=" + tmp.Sub("data"),
                $"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process prometheus = Process.Start(psi)!;
        var log = new System.Text.StringBuilder();
        prometheus.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        prometheus.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            List<(string Name, string State, Dictionary<string, string> Labels)> alerts = [];
            bool Firing(string name, string instance) => alerts.Any(a => a.Name == name && a.State == "firing" && a.Labels.GetValueOrDefault("instance") == instance);
            while (deadline.Elapsed < AlertWait)
            {
                alerts = Alerts(http, port);
                if (Firing("NicDoctorQueueStalled", stalled.Address) && Firing("NicDoctorDriverLacksKnownFix", stalled.Address))
                    break;
                Thread.Sleep(1000);
            }
            string seen = string.Join("\n", alerts.Select(a => $"{a.Name} {a.State} {string.Join(',', a.Labels.Select(l => l.Key + "=" + l.Value))}"));
            Assert.True(Firing("NicDoctorQueueStalled", stalled.Address), $"no stall alert within {AlertWait}:\n{seen}\nprometheus log:\n{log}");
            var stall = alerts.Single(a => a.Name == "NicDoctorQueueStalled" && a.State == "firing");
            Assert.Equal("eno3", stall.Labels["device"]);
            Assert.Equal("44", stall.Labels["queue"]);
            Assert.True(Firing("NicDoctorDriverLacksKnownFix", stalled.Address), seen);
            Assert.Equal("1.6.27-k", alerts.First(a => a.Name == "NicDoctorDriverLacksKnownFix").Labels["version"]);
            // The healthy NIC has been scraped for as long: no alert of any kind, pending or firing.
            Assert.DoesNotContain(alerts, a => a.Labels.GetValueOrDefault("instance") == healthy.Address);
            Assert.True(healthy.Scrapes >= 5, $"healthy exporter scraped {healthy.Scrapes} times");
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            prometheus.WaitForExit();
        }
    }

    private static List<(string Name, string State, Dictionary<string, string> Labels)> Alerts(HttpClient http, int port)
    {
        string body;
        try
        {
            body = http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/api/v1/alerts")).GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return []; // not up yet
        }
        using JsonDocument doc = JsonDocument.Parse(body);
        var result = new List<(string, string, Dictionary<string, string>)>();
        foreach (JsonElement a in doc.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray())
        {
            var labels = a.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
            result.Add((labels["alertname"], a.GetProperty("state").GetString() ?? "", labels));
        }
        return result;
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>An exporter replaying one capture directory, served on a free loopback port.</summary>
    private sealed class Served : IDisposable
    {
        private readonly NicExporter _exporter;
        private readonly MetricsHttpServer _server;
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private int _scrapes;

        public Served(string captureDir)
        {
            _exporter = new NicExporter(new ReplayCounterFeed([captureDir]), KernelEventCounter.FromCaptures([captureDir]), RuleBook.Load());
            _server = new MetricsHttpServer(new IPEndPoint(IPAddress.Loopback, 0), () =>
            {
                Interlocked.Increment(ref _scrapes);
                return _exporter.Scrape();
            });
            Address = $"127.0.0.1:{_server.LocalEndpoint.Port}";
            _thread = new Thread(() => _server.Serve(_stop.Token)) { IsBackground = true };
            _thread.Start();
        }

        public string Address { get; }

        public int Scrapes => Volatile.Read(ref _scrapes);

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join(TimeSpan.FromSeconds(5));
            _server.Dispose();
            _exporter.Dispose();
            _stop.Dispose();
        }
    }
}
