namespace NicDoctor.Nic.Text;

/// <summary>Parses <c>ethtool -i IF</c> output (<c>driver: i40e</c>, <c>bus-info: 0000:1a:00.2</c>, …).</summary>
public static class EthtoolDriverInfoParser
{
    public static DriverInfo Parse(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        int lastLine = 0;
        foreach ((int number, string text) in NumberedLines.Read(reader))
        {
            lastLine = number;
            if (text.Length == 0)
                continue;
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                throw NicFormatException.Create(fileName, number, $"expected 'key: value' as ethtool -i prints, got '{Shorten(text)}'");
            string key = text[..colon];
            if (key.Contains(' ', StringComparison.Ordinal))
            {
                // "Cannot get driver information: Operation not supported" (lo, tun without ethtool_ops).
                throw NicFormatException.Create(fileName, number, $"ethtool reported an error: '{Shorten(text)}'");
            }
            fields.TryAdd(key, text[(colon + 1)..].Trim());
        }
        if (!fields.TryGetValue("driver", out string? driver))
            throw NicFormatException.Create(fileName, Math.Max(lastLine, 1), "no 'driver:' line; not ethtool -i output");
        return new DriverInfo(
            driver,
            fields.GetValueOrDefault("version", ""),
            fields.GetValueOrDefault("firmware-version", ""),
            fields.GetValueOrDefault("expansion-rom-version", ""),
            fields.GetValueOrDefault("bus-info", ""));
    }

    internal static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
