using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using NicDoctor.Nic.Live;

namespace NicDoctor.Nic.Bench;

/// <summary>
/// One full statistics sample of an interface: nicdoctor's SIOCETHTOOL path (GSSET_INFO +
/// GSTRINGS + GSTATS, what <c>nic stats</c> does per sample) against spawning <c>ethtool -S</c>
/// and reading its output. Interface from NICDOCTOR_BENCH_IF (default eth0).
/// </summary>
[MemoryDiagnoser]
public class StatsSampleBenchmarks
{
    private readonly string _interface = Environment.GetEnvironmentVariable("NICDOCTOR_BENCH_IF") ?? "eth0";
    private EthtoolClient _client = null!;
    private int _count;

    [GlobalSetup]
    public void Setup()
    {
        _client = EthtoolClient.Open();
        _count = _client.GetStatsCount(_interface);
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    [Benchmark(Description = "ioctl: full sample (names + values)")]
    public int IoctlFullSample() => _client.GetStats(_interface).Count;

    [Benchmark(Description = "ioctl: values only (names cached)")]
    public int IoctlValuesOnly() => _client.GetStatsValues(_interface, _count).Length;

    [Benchmark(Baseline = true, Description = "ethtool -S process")]
    public int EthtoolProcess()
    {
        var psi = new ProcessStartInfo("ethtool") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-S");
        psi.ArgumentList.Add(_interface);
        using Process p = Process.Start(psi)!;
        string text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text.Length;
    }
}
