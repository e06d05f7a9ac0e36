namespace NicDoctor.Upgrade.Boot;

/// <summary>A file a boot change writes whole (temp file, fsync, rename), as a host path.</summary>
public sealed record BootFileWrite(string HostPath, string Content, UnixFileMode Mode);

/// <summary>
/// A command a boot change runs on the host, as an argument vector (no shell).
/// When <paramref name="ExpectedOutput"/> is set, the trimmed stdout must equal it (a post-check).
/// </summary>
public sealed record BootCommand(IReadOnlyList<string> Arguments, string? ExpectedOutput = null)
{
    /// <summary>The command as a shell would show it (each argument quoted when needed).</summary>
    public string Display => string.Join(' ', Arguments.Select(ShellQuote.Quote));
}
