namespace NicDoctor.VmBench;

/// <summary>
/// Files to put into one cpio archive, by path inside the guest. Parent directories are created
/// implicitly. Used for whole guest images and for small overlays appended to an existing image.
/// </summary>
public sealed class InitramfsTree
{
    private readonly SortedDictionary<string, (Action<string> Write, UnixFileMode Mode)> _files = new(StringComparer.Ordinal);

    /// <summary>The guest paths added so far (absolute, sorted).</summary>
    public IEnumerable<string> GuestPaths => _files.Keys;

    /// <summary>Copies the host file <paramref name="hostPath"/> to <paramref name="guestPath"/>.</summary>
    public InitramfsTree AddFile(string guestPath, string hostPath, UnixFileMode? mode = null)
    {
        if (!File.Exists(hostPath))
            throw new FileNotFoundException($"{hostPath}: not found (wanted in the guest as {guestPath})", hostPath);
        var effective = mode ?? File.GetUnixFileMode(hostPath);
        return Add(guestPath, target => File.Copy(hostPath, target), effective);
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM, newlines as given) to <paramref name="guestPath"/>.</summary>
    public InitramfsTree AddText(string guestPath, string text, UnixFileMode mode = Modes.Regular) =>
        Add(guestPath, target => File.WriteAllText(target, text), mode);

    /// <summary>Writes a shell script (mode 0755) to <paramref name="guestPath"/>.</summary>
    public InitramfsTree AddScript(string guestPath, string script) => AddText(guestPath, script, Modes.Executable);

    /// <summary>Writes <paramref name="content"/> to <paramref name="guestPath"/>.</summary>
    public InitramfsTree AddBytes(string guestPath, byte[] content, UnixFileMode mode = Modes.Regular) =>
        Add(guestPath, target => File.WriteAllBytes(target, content), mode);

    /// <summary>Writes the tree as a newc cpio archive (via <see cref="CpioArchiver"/>).</summary>
    public void WriteCpio(string outputPath)
    {
        var staging = Directory.CreateTempSubdirectory("nicdoctor-vmbench-");
        try
        {
            foreach (var (guestPath, (write, mode)) in _files)
            {
                var target = Path.Combine(staging.FullName, guestPath.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                write(target);
                File.SetUnixFileMode(target, mode);
            }
            CpioArchiver.WriteNewc(staging.FullName, outputPath);
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private InitramfsTree Add(string guestPath, Action<string> write, UnixFileMode mode)
    {
        if (!guestPath.StartsWith('/') || guestPath.Split('/').Contains(".."))
            throw new ArgumentException($"guest path must be absolute and without '..': '{guestPath}'", nameof(guestPath));
        _files[guestPath] = (write, mode);
        return this;
    }

    /// <summary>Common file modes.</summary>
    public static class Modes
    {
        /// <summary>0644.</summary>
        public const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

        /// <summary>0755.</summary>
        public const UnixFileMode Executable = Regular | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    }
}
