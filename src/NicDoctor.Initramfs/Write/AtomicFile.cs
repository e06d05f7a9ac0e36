namespace NicDoctor.Initramfs.Write;

/// <summary>
/// Writes a file through a temporary file in the same directory, fsync and rename, so the target
/// is either untouched or complete; the temporary file is removed when anything fails.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<FileStream> write) => Write(path, write, null);

    /// <summary>
    /// As <see cref="Write(string, Action{FileStream})"/>, with the file created as <paramref name="createMode"/>
    /// (the process umask still applies), so it is never readable by more than that, not even for a moment.
    /// </summary>
    public static void Write(string path, Action<FileStream> write, UnixFileMode? createMode) => Write(path, write, createMode, keepPreviousAs: null);

    /// <summary>
    /// As <see cref="Write(string, Action{FileStream}, UnixFileMode?)"/>; with <paramref name="keepPreviousAs"/>,
    /// the file being replaced is kept under that name, made only once the new file is complete and
    /// fsynced, just before the rename: a hard link (no space needed, atomic), or a copy where the
    /// file system has no hard links. An existing backup is never overwritten (refused before
    /// anything is written), and if the rename fails the backup made for it is removed again.
    /// </summary>
    public static void Write(string path, Action<FileStream> write, UnixFileMode? createMode, string? keepPreviousAs)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{path}: directory {directory} does not exist");
        if (keepPreviousAs is not null && Path.Exists(keepPreviousAs))
            throw new IOException($"{keepPreviousAs}: exists; a backup is never overwritten (move it away first)");
        string temp = Path.Join(directory, $".{Path.GetFileName(full)}.nicdoctor-{Environment.ProcessId}.tmp");
        bool backedUp = false;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16 };
            if (createMode is { } mode && !OperatingSystem.IsWindows())
                options.UnixCreateMode = mode;
            using (var stream = new FileStream(temp, options))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            if (keepPreviousAs is not null && File.Exists(full))
            {
                KeepPrevious(full, keepPreviousAs);
                backedUp = true;
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (IOException e) when (e.HResult is 28 or unchecked((int)0x80070070))
        {
            TryDelete(temp);
            if (backedUp)
                TryDelete(keepPreviousAs!);
            throw new IOException($"{path}: no space left on the device; nothing was written", e);
        }
        catch
        {
            TryDelete(temp);
            if (backedUp)
                TryDelete(keepPreviousAs!);
            throw;
        }
    }

    private static void KeepPrevious(string full, string backup)
    {
        if (!OperatingSystem.IsWindows() && NicDoctor.Initramfs.Extract.UnixNative.Link(full, backup) == 0)
            return;
        if (Path.Exists(backup))
            throw new IOException($"{backup}: exists; a backup is never overwritten (move it away first)");
        // No hard links here (vfat, say): a complete copy, fsynced, under a temporary name first.
        string temp = Path.Join(Path.GetDirectoryName(Path.GetFullPath(backup)), $".{Path.GetFileName(backup)}.nicdoctor-{Environment.ProcessId}.tmp");
        try
        {
            using (var source = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            using (var copy = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                source.CopyTo(copy);
                copy.Flush(flushToDisk: true);
            }
            File.Move(temp, backup, overwrite: false);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
