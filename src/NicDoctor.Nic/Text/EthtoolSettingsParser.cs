using System.Globalization;

namespace NicDoctor.Nic.Text;

/// <summary>
/// Parses <c>ethtool IF</c> output: a <c>Settings for IF:</c> header, tab-indented
/// <c>Key: value</c> lines (link-mode lists continue on deeper-indented lines), and error lines
/// such as <c>Cannot get wake-on-lan settings: Operation not permitted</c> that non-root runs print.
/// </summary>
public static class EthtoolSettingsParser
{
    public static LinkSettings Parse(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        bool header = false;
        foreach ((int number, string text) in NumberedLines.Read(reader))
        {
            if (text.Trim().Length == 0)
                continue;
            if (!header)
            {
                if (!text.StartsWith("Settings for ", StringComparison.Ordinal) || !text.EndsWith(':'))
                    throw NicFormatException.Create(fileName, number, $"expected 'Settings for IF:', got '{EthtoolDriverInfoParser.Shorten(text)}'");
                header = true;
                continue;
            }
            if (!char.IsWhiteSpace(text[0]))
                continue; // "Cannot get …", "netlink error: …": ethtool's own complaints, not settings
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
                continue; // continuation of a link-mode list or message-level names
            string key = text[..colon].Trim();
            fields.TryAdd(key, (text[(colon + 1)..].Trim(), number));
        }
        if (!header)
            throw NicFormatException.Create(fileName, 1, "empty file; expected ethtool IF output");

        int? speed = null;
        if (fields.TryGetValue("Speed", out var s))
        {
            string v = s.Value;
            if (v.EndsWith("Mb/s", StringComparison.Ordinal))
            {
                if (!int.TryParse(v.AsSpan(0, v.Length - 4), NumberStyles.None, CultureInfo.InvariantCulture, out int mbps))
                    throw NicFormatException.Create(fileName, s.Line, $"speed '{v}' is not a number of Mb/s");
                speed = mbps;
            }
            else if (!v.StartsWith("Unknown", StringComparison.Ordinal))
            {
                throw NicFormatException.Create(fileName, s.Line, $"speed '{v}' is neither 'NMb/s' nor 'Unknown!'");
            }
        }
        string? duplex = fields.TryGetValue("Duplex", out var d) && (d.Value is "Full" or "Half") ? d.Value : null;
        string? port = fields.TryGetValue("Port", out var p) ? p.Value : null;
        bool? autoneg = fields.TryGetValue("Auto-negotiation", out var a) ? a.Value == "on" : null;
        bool? link = fields.TryGetValue("Link detected", out var l) ? l.Value == "yes" : null;
        return new LinkSettings(speed, duplex, port, autoneg, link);
    }
}
