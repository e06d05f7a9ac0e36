using System.Diagnostics;

namespace NicDoctor.Nic.Tests;

/// <summary>Result of running an external program.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the real tools (ethtool, lspci, ip, tmux, the nicdoctor binary) the tests compare against.</summary>
internal static class Tool
{
    public static ToolResult Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new ToolResult(p.ExitCode, stdout, stderr.Result);
    }

    /// <summary>Runs and requires success; the message carries stderr when it fails.</summary>
    public static string Output(string file, params string[] args)
    {
        ToolResult r = Run(file, args);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}");
        return r.Stdout;
    }

    /// <summary>Runs the built nicdoctor binary.</summary>
    public static ToolResult Nicdoctor(params string[] args) => Run(TestPaths.Cli, args);
}
