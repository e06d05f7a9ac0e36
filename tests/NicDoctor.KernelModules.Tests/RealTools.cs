using System.Diagnostics;

namespace NicDoctor.KernelModules.Tests;

/// <summary>Runs the real tools (modinfo, readelf, strip, xz, zstd, gzip) whose output the tests expect.</summary>
internal static class RealTools
{
    public static string Run(string program, IEnumerable<string> arguments, string? workingDirectory = null) =>
        System.Text.Encoding.UTF8.GetString(RunBytes(program, arguments, workingDirectory));

    public static byte[] RunBytes(string program, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        using var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        return stdout.ToArray();
    }
}
