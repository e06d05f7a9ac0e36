using System.Text.RegularExpressions;

namespace NicDoctor.VmBench;

/// <summary>One <c>NDTEST key=value</c> line the guest printed on its console.</summary>
/// <param name="Key">Text before the first '='.</param>
/// <param name="Value">Text after the first '=' (empty when there is none).</param>
/// <param name="Line">0-based index of the console line.</param>
public sealed record NdtestMarker(string Key, string Value, int Line)
{
    /// <summary>The line prefix that makes a console line a marker.</summary>
    public const string Prefix = "NDTEST ";

    /// <summary>The marker a guest prints when it reached the end of its checks.</summary>
    public const string DoneKey = "done";

    /// <summary>Terminal control sequences (SeaBIOS clears the screen) that can precede the first guest line.</summary>
    private static readonly Regex AnsiEscape = new(@"\x1B(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_]|c)", RegexOptions.Compiled);

    /// <summary>
    /// Parses one console line; null if it is not a marker. The marker must start the line, or
    /// follow a terminal control sequence: the kernel's screen reset can land on SeaBIOS's last line
    /// ("Booting from ROM..␛c␛[2JNDTEST …") when no newline came between them.
    /// </summary>
    public static NdtestMarker? TryParse(string consoleLine, int lineIndex)
    {
        var line = AnsiEscape.Replace(consoleLine, "").TrimEnd('\r', ' ');
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            line = AnsiEscape.Split(consoleLine)[^1].TrimEnd('\r', ' ');
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var body = line[Prefix.Length..];
        int eq = body.IndexOf('=', StringComparison.Ordinal);
        return eq < 0
            ? new NdtestMarker(body, "", lineIndex)
            : new NdtestMarker(body[..eq], body[(eq + 1)..], lineIndex);
    }
}
