using System.Globalization;

namespace NicDoctor.Nic.Text;

/// <summary>
/// Parses <c>ethtool -S IF</c> output: a <c>NIC statistics:</c> header, then
/// <c>     name: value</c> lines. Names may themselves contain <c>": "</c> (bnxt
/// <c>[0]: rx_ucast_packets</c>), so the value is what follows the last colon.
/// Also reads nicdoctor's collector framing: several captures in one file, each opened by a
/// <c>### nicdoctor-sample N ISO-TIME</c> line.
/// </summary>
public static class EthtoolStatsParser
{
    /// <summary>Line that opens one capture in a multi-sample file.</summary>
    public const string SampleMarker = "### nicdoctor-sample ";

    /// <summary>ethtool prints every statistic with this indent (<c>"     %s: %llu"</c>).</summary>
    private const string Indent = "     ";

    /// <summary>Every capture in the file, in order; a plain <c>ethtool -S</c> file gives one untimed snapshot.</summary>
    public static IReadOnlyList<StatsSnapshot> ParseAll(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var snapshots = new List<StatsSnapshot>();
        List<string>? names = null;
        List<ulong>? values = null;
        DateTimeOffset? time = null;
        bool sawHeader = false;
        int lastLine = 0;

        void Close()
        {
            if (names is not null)
                snapshots.Add(new StatsSnapshot(names, values!, time));
            names = null;
            values = null;
            time = null;
            sawHeader = false;
        }

        foreach ((int number, string text) in NumberedLines.Read(reader))
        {
            lastLine = number;
            if (text.StartsWith(SampleMarker, StringComparison.Ordinal))
            {
                Close();
                time = ParseMarker(text, fileName, number);
                names = [];
                values = [];
                continue;
            }
            if (text.Trim().Length == 0)
                continue;
            if (text == "NIC statistics:")
            {
                if (sawHeader)
                    throw NicFormatException.Create(fileName, number, $"second 'NIC statistics:' header without a '{SampleMarker.Trim()}' line");
                sawHeader = true;
                names ??= [];
                values ??= [];
                continue;
            }
            if (text == "no stats available")
            {
                names ??= [];
                values ??= [];
                continue;
            }
            if (!sawHeader)
                throw NicFormatException.Create(fileName, number, $"expected 'NIC statistics:', got '{EthtoolDriverInfoParser.Shorten(text)}'");
            int colon = text.LastIndexOf(':');
            if (colon <= 0)
                throw NicFormatException.Create(fileName, number, $"expected 'name: value', got '{EthtoolDriverInfoParser.Shorten(text)}'");
            string valueText = text[(colon + 1)..].Trim();
            if (!ulong.TryParse(valueText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
                throw NicFormatException.Create(fileName, number, $"value '{EthtoolDriverInfoParser.Shorten(valueText)}' is not an unsigned number");
            string name = text[..colon];
            name = name.StartsWith(Indent, StringComparison.Ordinal) ? name[Indent.Length..] : name.TrimStart();
            names!.Add(name);
            values!.Add(value);
        }
        Close();
        if (snapshots.Count == 0)
            throw NicFormatException.Create(fileName, Math.Max(lastLine, 1), "no 'NIC statistics:' block; not ethtool -S output");
        return snapshots;
    }

    /// <summary>The file's only (or last) capture.</summary>
    public static StatsSnapshot Parse(TextReader reader, string fileName) => ParseAll(reader, fileName)[^1];

    private static DateTimeOffset? ParseMarker(string text, string fileName, int number)
    {
        string[] parts = text[SampleMarker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw NicFormatException.Create(fileName, number, $"expected '{SampleMarker}N [ISO-TIME]', got '{EthtoolDriverInfoParser.Shorten(text)}'");
        if (parts.Length == 1)
            return null;
        if (!DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset t))
            throw NicFormatException.Create(fileName, number, $"sample time '{parts[1]}' is not an ISO 8601 time");
        return t;
    }
}
