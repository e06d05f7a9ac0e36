using System.Diagnostics;

namespace NicDoctor.Fleet.Tests;

/// <summary>Result of running an external program.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the real tools the tests check against (promtool, prometheus, ansible, the shells, nicdoctor).</summary>
internal static class Tool
{
    public static ToolResult Run(string file, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
            psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new ToolResult(p.ExitCode, stdout, stderr.Result);
    }

    public static ToolResult Run(string file, params string[] args) => Run(file, (IEnumerable<string>)args);

    /// <summary>Runs and requires exit 0; the message carries the output when it fails.</summary>
    public static string Output(string file, params string[] args)
    {
        ToolResult r = Run(file, args);
        Assert.True(r.ExitCode == 0, $"{file} {string.Join(' ', args)}: exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        return r.Stdout;
    }

    /// <summary>Feeds <paramref name="text"/> to <c>promtool check metrics</c>; returns its exit code and messages.</summary>
    public static ToolResult PromtoolCheckMetrics(string text)
    {
        var psi = new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        p.StandardInput.Write(text);
        p.StandardInput.Close();
        p.WaitForExit();
        return new ToolResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
