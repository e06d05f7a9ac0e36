using NicDoctor.Upgrade.ChangeSets;

namespace NicDoctor.Upgrade.Apply;

/// <summary>
/// File moves apply and rollback make: copy to <c>.NAME.nicdoctor-tmp</c> in the same directory,
/// fsync, verify sha256, rename over (the directory itself is not fsynced: .NET cannot open one). A kill leaves the old or the new file, never a torn one;
/// the fixed temp name lets rollback clean up after a kill.
/// </summary>
public static class SafeFile
{
    public static string TempPathFor(string path) => Path.Join(Path.GetDirectoryName(path), $".{Path.GetFileName(path)}.nicdoctor-tmp");

    /// <summary>Copies <paramref name="source"/> over <paramref name="destination"/> atomically; the copy must have <paramref name="sha256"/>.</summary>
    public static void CopyOver(string source, string destination, string sha256)
    {
        string? directory = Path.GetDirectoryName(destination);
        if (directory is not null)
            Directory.CreateDirectory(directory);
        string temp = TempPathFor(destination);
        try
        {
            using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                input.CopyTo(output);
                output.Flush(flushToDisk: true);
            }
            string written = FileDigest.Sha256(temp);
            if (written != sha256)
                throw new IOException($"{temp}: sha256 {written} after copying {source}, expected {sha256}");
            File.Move(temp, destination, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Renames a finished file over another and makes the rename durable.</summary>
    public static void MoveOver(string source, string destination)
    {
        using (var stream = new FileStream(source, FileMode.Open, FileAccess.ReadWrite))
            stream.Flush(flushToDisk: true);
        File.Move(source, destination, overwrite: true);
    }

    public static void Delete(string path)
    {
        File.Delete(path);
    }

    // The temp name of a file whose directory may not exist (nothing to clean then).
    public static void DeleteTemp(string path)
    {
        string temp = TempPathFor(path);
        if (File.Exists(temp))
            File.Delete(temp);
    }
}
