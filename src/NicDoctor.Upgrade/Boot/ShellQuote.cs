namespace NicDoctor.Upgrade.Boot;

/// <summary>POSIX sh single-quoting for showing commands and writing scripts.</summary>
public static class ShellQuote
{
    public static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_=,./:+@%".Contains(c, StringComparison.Ordinal))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
