namespace NicDoctor.VmBench;

/// <summary>
/// Writes a directory tree as a newc cpio archive, the format the kernel unpacks as initramfs.
/// The one place that produces archives: today GNU cpio, later nicdoctor's own cpio writer.
/// </summary>
public static class CpioArchiver
{
    /// <summary>
    /// Archives everything under <paramref name="sourceDirectory"/> (paths relative to it, owner
    /// 0:0, sorted, reproducible) into <paramref name="outputPath"/>, replacing it atomically.
    /// </summary>
    public static void WriteNewc(string sourceDirectory, string outputPath)
    {
        var root = Path.GetFullPath(sourceDirectory);
        // Parents sort before their children, so the kernel creates directories first.
        var names = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p))
            .Order(StringComparer.Ordinal)
            .ToList();
        var list = System.Text.Encoding.UTF8.GetBytes(string.Join('\0', names) + "\0");

        var temp = outputPath + ".tmp-" + Environment.ProcessId;
        try
        {
            ExternalTool.Run(ExternalTool.Which("cpio") ?? "cpio",
                ["--create", "--null", "--format=newc", "--owner=0:0", "--reproducible", "--quiet", "-O", Path.GetFullPath(temp)],
                workingDirectory: root, stdin: list);
            AtomicFile.Commit(temp, outputPath);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
