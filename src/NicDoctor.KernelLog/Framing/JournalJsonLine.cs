using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NicDoctor.KernelLog.Framing;

/// <summary>
/// One <c>journalctl -o json</c> entry. Reads MESSAGE (string, or a byte array for non-UTF-8
/// text), the realtime and monotonic stamps, host, identifier and the kernel device id.
/// </summary>
internal static class JournalJsonLine
{
    /// <summary>Null when the line is not a JSON object; a line with a <c>Problem</c> when it is broken.</summary>
    public static FramedLine? Parse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 8 });
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;
            string text = Message(root);
            string? transport = String(root, "_TRANSPORT");
            string? identifier = String(root, "SYSLOG_IDENTIFIER");
            bool isKernel = transport == "kernel" || (transport is null && identifier is null or "kernel");
            var time = new LogTimestamp
            {
                Wall = Micros(root, "__REALTIME_TIMESTAMP") is { } rt
                    ? DateTime.UnixEpoch.AddTicks(rt * 10) : null,
                UtcOffset = Micros(root, "__REALTIME_TIMESTAMP") is null ? null : TimeSpan.Zero,
                SinceBoot = (Micros(root, "_SOURCE_MONOTONIC_TIMESTAMP") ?? Micros(root, "__MONOTONIC_TIMESTAMP")) / 1_000_000.0,
            };
            return new FramedLine
            {
                Framing = LogFraming.JournalJson,
                Text = text,
                Time = time,
                Host = String(root, "_HOSTNAME"),
                IsKernel = isKernel,
                Device = String(root, "_KERNEL_DEVICE"),
            };
        }
        catch (JsonException)
        {
            return new FramedLine { Framing = LogFraming.JournalJson, Text = line, IsKernel = false, TimestampProblem = "malformed JSON" };
        }
        catch (ArgumentException)
        {
            return new FramedLine { Framing = LogFraming.JournalJson, Text = line, IsKernel = false, TimestampProblem = "malformed JSON" };
        }
    }

    private static string Message(JsonElement root)
    {
        if (!root.TryGetProperty("MESSAGE", out JsonElement m))
            return "";
        if (m.ValueKind == JsonValueKind.String)
            return m.GetString() ?? "";
        if (m.ValueKind == JsonValueKind.Array)
        {
            // journald writes non-UTF-8 (or control-char) messages as an array of byte values.
            var bytes = new List<byte>();
            foreach (JsonElement b in m.EnumerateArray())
            {
                if (b.ValueKind == JsonValueKind.Number && b.TryGetByte(out byte v))
                    bytes.Add(v);
            }
            return Encoding.UTF8.GetString(bytes.ToArray());
        }
        return "";
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Micros(JsonElement root, string name) =>
        String(root, name) is { } s && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : null;
}
