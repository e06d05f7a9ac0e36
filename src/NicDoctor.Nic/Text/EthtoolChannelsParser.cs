using System.Globalization;

namespace NicDoctor.Nic.Text;

/// <summary>
/// Parses <c>ethtool -l IF</c>: <c>Pre-set maximums:</c> and <c>Current hardware settings:</c>
/// blocks of <c>RX:</c>, <c>TX:</c>, <c>Other:</c>, <c>Combined:</c> lines (tab-separated, <c>n/a</c> when absent).
/// </summary>
public static class EthtoolChannelsParser
{
    public static ChannelCounts Parse(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var max = new Dictionary<string, int?>(StringComparer.Ordinal);
        var current = new Dictionary<string, int?>(StringComparer.Ordinal);
        Dictionary<string, int?>? block = null;
        bool header = false;
        foreach ((int number, string text) in NumberedLines.Read(reader))
        {
            if (text.Trim().Length == 0)
                continue;
            if (!header)
            {
                if (!text.StartsWith("Channel parameters for ", StringComparison.Ordinal))
                    throw NicFormatException.Create(fileName, number, $"expected 'Channel parameters for IF:', got '{EthtoolDriverInfoParser.Shorten(text)}'");
                header = true;
                continue;
            }
            if (text.StartsWith("Pre-set maximums:", StringComparison.Ordinal))
            {
                block = max;
                continue;
            }
            if (text.StartsWith("Current hardware settings:", StringComparison.Ordinal))
            {
                block = current;
                continue;
            }
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || block is null)
                throw NicFormatException.Create(fileName, number, $"unexpected line '{EthtoolDriverInfoParser.Shorten(text)}'");
            string key = text[..colon].Trim();
            string value = text[(colon + 1)..].Trim();
            if (key is not ("RX" or "TX" or "Other" or "Combined"))
                continue; // newer ethtool versions may add fields
            if (value == "n/a")
            {
                block[key] = null;
            }
            else if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                block[key] = n;
            }
            else
            {
                throw NicFormatException.Create(fileName, number, $"{key} count '{value}' is neither a number nor n/a");
            }
        }
        if (!header)
            throw NicFormatException.Create(fileName, 1, "empty file; expected ethtool -l output");
        return new ChannelCounts(
            max.GetValueOrDefault("RX"), max.GetValueOrDefault("TX"), max.GetValueOrDefault("Other"), max.GetValueOrDefault("Combined"),
            current.GetValueOrDefault("RX"), current.GetValueOrDefault("TX"), current.GetValueOrDefault("Other"), current.GetValueOrDefault("Combined"));
    }
}
