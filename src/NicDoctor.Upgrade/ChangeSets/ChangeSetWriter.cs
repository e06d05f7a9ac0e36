using NicDoctor.Upgrade.Scripts;

namespace NicDoctor.Upgrade.ChangeSets;

/// <summary>
/// Writes a change set into a sibling temporary directory, fsyncs every file, then renames it
/// into place: a change set either exists complete or not at all.
/// </summary>
public static class ChangeSetWriter
{
    public static void Write(string directory, ChangeSetPlan plan, ReadOnlySpan<byte> module)
    {
        ArgumentNullException.ThrowIfNull(plan);
        string full = Path.GetFullPath(directory).TrimEnd('/');
        string temp = Path.Join(Path.GetDirectoryName(full), $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        if (Directory.Exists(temp))
            Directory.Delete(temp, recursive: true);
        try
        {
            Directory.CreateDirectory(Path.Join(temp, ChangeSetLayout.ArtifactsDirectory));
            WriteFile(Path.Join(temp, plan.Module.Artifact), module);
            using (var planStream = new MemoryStream())
            {
                ChangeSet.WritePlan(planStream, plan);
                planStream.WriteByte((byte)'\n');
                WriteFile(Path.Join(temp, ChangeSetLayout.PlanFile), planStream.ToArray());
            }
            WriteScript(Path.Join(temp, ChangeSetLayout.ApplyScript), ShellScripts.Apply(plan));
            WriteScript(Path.Join(temp, ChangeSetLayout.RollbackScript), ShellScripts.Rollback(plan));
            // An empty directory left by the caller is replaced; a non-empty one was refused by the planner.
            if (Directory.Exists(full))
                Directory.Delete(full);
            Directory.Move(temp, full);
        }
        catch
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    private static void WriteScript(string path, string text)
    {
        WriteFile(path, System.Text.Encoding.UTF8.GetBytes(text));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private static void WriteFile(string path, ReadOnlySpan<byte> data)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(data);
        stream.Flush(flushToDisk: true);
    }
}
