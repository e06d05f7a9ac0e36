using System.Diagnostics;
using System.Text.Json;

namespace NicDoctor.KernelLog.Tests;

/// <summary>Black-box runs of the built <c>nicdoctor log</c> (the Cli project is referenced so its dll sits next to the tests).</summary>
public sealed class CliLogTests
{
    private static (int Code, string Stdout, string Stderr) Run(params string[] args) => RunWithInput(null, args);

    private static (int Code, string Stdout, string Stderr) RunWithInput(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nicdoctor.dll"));
        foreach (string a in args)
            start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        using Process p = Process.Start(start)!;
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        Task<string> err = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, err.Result);
    }

    [Fact]
    public void Json_events_for_the_seed_with_kebab_kinds()
    {
        (int code, string stdout, _) = Run("log", "--json", Fixtures.RepoPath("samples/i40e-queue44/dmesg_-T"));
        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement ev = Assert.Single(doc.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal("netdev-watchdog", ev.GetProperty("kind").GetString());
        Assert.Equal(44, ev.GetProperty("queue").GetInt32());
        Assert.Equal(45, ev.GetProperty("cpu").GetInt32());
        Assert.Equal("dev_watchdog", ev.GetProperty("trace").GetProperty("function").GetString());
        Assert.Equal(30, doc.RootElement.GetProperty("sources")[0].GetProperty("lines").GetInt32());
    }

    [Fact]
    public void Evidence_lines_and_kind_filter()
    {
        (int code, string stdout, _) = Run("log", "-v", "--kind", "link-up", Fixtures.Path("real/igb-syslog-tx-unit-hang.log"));
        Assert.Equal(0, code);
        Assert.Contains("link-up", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("tx-hang", stdout, StringComparison.Ordinal);
        Assert.Contains("igb-syslog-tx-unit-hang.log:1:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void No_events_is_exit_0_and_bad_input_is_exit_2()
    {
        Assert.Equal(0, Run("log", Fixtures.Path("benign/qemu-debian12-6.1-boot.console"), "--kind", "netdev-watchdog").Code);
        (int missing, _, string why) = Run("log", "/nonexistent/messages");
        Assert.Equal(2, missing);
        Assert.StartsWith("nicdoctor: log: /nonexistent/messages:", why, StringComparison.Ordinal);
        Assert.Equal(2, Run("log", "--kind", "bogus", Fixtures.Path("real/ena-syslog.log")).Code);
        Assert.Equal(2, Run("log").Code);
    }

    [Fact]
    public void Corrupt_gzip_names_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"klog-{Guid.NewGuid():N}.gz");
        try
        {
            File.WriteAllBytes(path, [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0xff, 0xff, 0xff, 0xff]);
            (int code, _, string stderr) = Run("log", path);
            Assert.Equal(2, code);
            Assert.Contains(path + ": line 1: compressed data is corrupt", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The 6.8 r8125 fixture: watchdogs at 1356.296930, then two more later (its lines read by hand).</summary>
    [Fact]
    public void Stdin_dash_and_since_in_seconds_since_boot()
    {
        string text = File.ReadAllText(Fixtures.Path("real/r8125-netdev-crit-6.8.dmesg"));
        (int code, string stdout, _) = RunWithInput(text, "log", "--json", "-");
        Assert.Equal(0, code);
        using JsonDocument all = JsonDocument.Parse(stdout);
        double[] times = [.. all.RootElement.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "netdev-watchdog")
            .Select(e => e.GetProperty("time").GetProperty("sinceBoot").GetDouble())];
        Assert.Equal(3, times.Length);
        Assert.Equal(1356.296930, times[0]);

        // --since just after the first watchdog keeps only the later ones.
        (code, stdout, _) = RunWithInput(text, "log", "--json", "--since", "1356.3", "-");
        Assert.Equal(0, code);
        using JsonDocument later = JsonDocument.Parse(stdout);
        double[] kept = [.. later.RootElement.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "netdev-watchdog")
            .Select(e => e.GetProperty("time").GetProperty("sinceBoot").GetDouble())];
        Assert.Equal(times[1..], kept);
        Assert.All(later.RootElement.GetProperty("events").EnumerateArray(), e => Assert.True(e.GetProperty("time").GetProperty("sinceBoot").GetDouble() >= 1356.3));
    }
}
