using System.Globalization;
using System.Text;

namespace NicDoctor.Fleet.Tests;

/// <summary>
/// Writes a capture directory the way the collector and sosreport name files: <c>ethtool_-i_IF</c>
/// and <c>ethtool_-S_IF</c> with framed samples in ethtool's own layout (i40e counter names, as in
/// the seed sample). Every queue pair rises in every sample unless its rx is listed as frozen.
/// </summary>
internal static class CaptureFixture
{
    public static string Write(string directory, string iface, int queues, int samples, string version, params int[] frozenRx)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"ethtool_-i_{iface}"),
            $"driver: i40e\nversion: {version}\nfirmware-version: 6.01 0x80003554 1.1747.0\nexpansion-rom-version: \nbus-info: 0000:3b:00.0\nsupports-statistics: yes\n");
        var text = new StringBuilder();
        var start = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        for (int s = 0; s < samples; s++)
        {
            text.Append(CultureInfo.InvariantCulture, $"### nicdoctor-sample {s + 1} {start.AddSeconds(2 * s):yyyy-MM-ddTHH:mm:ssZ}\n");
            text.Append("NIC statistics:\n");
            text.Append(CultureInfo.InvariantCulture, $"     rx_packets: {1000000 + (s * 5000)}\n");
            for (int q = 0; q < queues; q++)
            {
                long tx = 100000 + (q * 10) + (s * (50 + q));
                long rx = frozenRx.Contains(q) ? 70000 + q : 90000 + (q * 10) + (s * (40 + q));
                text.Append(CultureInfo.InvariantCulture, $"     tx-{q}.tx_packets: {tx}\n     tx-{q}.tx_bytes: {tx * 80}\n");
                text.Append(CultureInfo.InvariantCulture, $"     rx-{q}.rx_packets: {rx}\n     rx-{q}.rx_bytes: {rx * 70}\n");
            }
        }
        File.WriteAllText(Path.Combine(directory, $"ethtool_-S_{iface}"), text.ToString());
        return directory;
    }
}
