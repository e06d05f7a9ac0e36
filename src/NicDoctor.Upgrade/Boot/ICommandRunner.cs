using System.Diagnostics;

namespace NicDoctor.Upgrade.Boot;

/// <summary>Exit code and output of one command.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs host commands (injectable so plans can be applied in tests without touching the host's boot loader).</summary>
public interface ICommandRunner
{
    CommandResult Run(IReadOnlyList<string> arguments);
}

/// <summary>Runs commands as processes (argument vector, no shell).</summary>
public sealed class ProcessCommandRunner : ICommandRunner
{
    public static ProcessCommandRunner Instance { get; } = new();

    public CommandResult Run(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(arguments[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments.Skip(1))
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {arguments[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CommandResult(process.ExitCode, stdout.Result, stderr);
    }
}
