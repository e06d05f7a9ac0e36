namespace NicDoctor.VmBench;

/// <summary>Never a partial file at the final path: write a temp file, fsync, rename.</summary>
internal static class AtomicFile
{
    /// <summary>Flushes <paramref name="tempPath"/> to disk and renames it over <paramref name="finalPath"/>.</summary>
    public static void Commit(string tempPath, string finalPath)
    {
        using (var f = new FileStream(tempPath, FileMode.Open, FileAccess.ReadWrite))
            f.Flush(flushToDisk: true);
        File.Move(tempPath, finalPath, overwrite: true);
    }

    /// <summary>Writes <paramref name="finalPath"/> through <paramref name="write"/> on a sibling temp file.</summary>
    public static void Write(string finalPath, Action<FileStream> write)
    {
        var temp = finalPath + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                write(f);
                f.Flush(flushToDisk: true);
            }
            File.Move(temp, finalPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
