using System.Security.Cryptography;

namespace NicDoctor.Upgrade.Boot;

/// <summary>
/// Carries out a <see cref="FallbackPlan"/> and its undo. Files are written whole (temp file,
/// fsync, rename), so a crash leaves the old or the new file, never a mix. Commands only run on
/// the live root: a boot loader tool run against a sandbox would change this host.
/// </summary>
public static class FallbackApplier
{
    /// <exception cref="InvalidDataException">The backup initramfs changed since the plan was made.</exception>
    /// <exception cref="InvalidOperationException">A command failed or its check did not hold.</exception>
    public static void Apply(FallbackPlan plan, ICommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var host = new HostRoot(plan.Root);
        string actual = Sha256(host.Resolve(plan.Initrd));
        if (actual != plan.InitrdSha256)
            throw new InvalidDataException($"{plan.Initrd}: sha256 is {actual}, the plan was made for {plan.InitrdSha256}: refusing to add an entry for a different file");
        RequireLiveFor(plan.Commands, host, runner);
        foreach (BootFileWrite write in plan.Writes)
            WriteWhole(host, write);
        Run(plan.Commands, runner);
    }

    /// <summary>Removes what <see cref="Apply"/> added; missing files are fine (undo twice is harmless).</summary>
    public static void Undo(FallbackPlan plan, ICommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var host = new HostRoot(plan.Root);
        RequireLiveFor(plan.UndoCommands, host, runner);
        foreach (BootFileWrite write in plan.UndoWrites)
            WriteWhole(host, write);
        foreach (string file in plan.UndoRemoves)
            File.Delete(host.Resolve(file));
        Run(plan.UndoCommands, runner);
    }

    /// <summary>Writes <paramref name="write"/> under the root: temp file beside it, fsync, chmod, rename.</summary>
    public static void WriteWhole(HostRoot host, BootFileWrite write)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(write);
        string target = host.Resolve(write.HostPath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string temp = Path.Join(Path.GetDirectoryName(target), $".{Path.GetFileName(target)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(write.Content));
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temp, write.Mode);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    // The host's own tools act on the running system; an injected runner (tests) may stand in for them on a sandbox.
    private static void RequireLiveFor(IReadOnlyList<BootCommand> commands, HostRoot host, ICommandRunner runner)
    {
        if (commands.Count > 0 && !host.IsLive && runner is ProcessCommandRunner)
            throw new InvalidOperationException($"this change runs {commands[0].Display}, which acts on the running system, not on {host.Root}");
    }

    private static void Run(IReadOnlyList<BootCommand> commands, ICommandRunner runner)
    {
        foreach (BootCommand command in commands)
        {
            CommandResult result = runner.Run(command.Arguments);
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"{command.Display} exited with {result.ExitCode}: {result.Stderr.Trim()}");
            if (command.ExpectedOutput is { } expected && result.Stdout.Trim() != expected)
                throw new InvalidOperationException($"{command.Display} printed '{result.Stdout.Trim()}', expected '{expected}'");
        }
    }

    private static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
