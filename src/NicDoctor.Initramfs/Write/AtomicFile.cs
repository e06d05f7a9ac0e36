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
    public static void Write(string path, Action<FileStream> write, UnixFileMode? createMode)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{path}: directory {directory} does not exist");
        string temp = Path.Join(directory, $".{Path.GetFileName(full)}.nicdoctor-{Environment.ProcessId}.tmp");
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
            File.Move(temp, full, overwrite: true);
        }
        catch (IOException e) when (e.HResult is 28 or unchecked((int)0x80070070))
        {
            TryDelete(temp);
            throw new IOException($"{path}: no space left on the device; nothing was written", e);
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
