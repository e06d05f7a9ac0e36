using System.Diagnostics;

namespace NicDoctor.VmBench;

/// <summary>Output of one finished external command.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs host tools (cpio, mkinitramfs, strip, readelf…) and reports failures with their stderr.</summary>
public static class ExternalTool
{
    /// <summary>Runs <paramref name="fileName"/> to completion; throws if it exits non-zero.</summary>
    /// <exception cref="InvalidOperationException">The command failed; the message has the command line, exit code and stderr.</exception>
    public static ToolResult Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        byte[]? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = TryRun(fileName, arguments, workingDirectory, stdin, environment);
        if (result.ExitCode != 0)
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' exited with {result.ExitCode}: {result.Stderr.Trim()}");
        return result;
    }

    /// <summary>Runs <paramref name="fileName"/> to completion and returns its exit code and output.</summary>
    public static ToolResult TryRun(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        byte[]? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
                info.Environment[k] = v;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The full path of <paramref name="command"/> found on PATH (or in the sbin directories), or null.</summary>
    public static string? Which(string command)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        // mkinitramfs, modprobe live in sbin, which is not on a non-root user's PATH.
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]))
        {
            var candidate = Path.Combine(dir, command);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
