using System.Diagnostics;

namespace NicDoctor.Initramfs.Tests;

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the built nicdoctor as a separate process (black box: exact stdout, stderr, exit code).</summary>
internal static class Cli
{
    public static CliResult Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "nicdoctor.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(psi)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout, stderr.Result);
    }
}
