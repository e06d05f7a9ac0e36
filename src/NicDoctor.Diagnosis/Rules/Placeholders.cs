namespace NicDoctor.Diagnosis.Rules;

/// <summary>The placeholders rule texts may use, filled from the subject of a finding.</summary>
internal static class Placeholders
{
    public static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "iface", "driver", "driverVersion", "firmware", "bus", "model", "speed", "kernel", "queue",
        "module", "eventSummary", "stallSummary", "moduleSummary", "modulePath", "host",
    };

    public static string Fill(string template, IReadOnlyDictionary<string, string?> values) =>
        RuleBook.PlaceholderPattern().Replace(template, m =>
            values.TryGetValue(m.Groups[1].Value, out string? v) && !string.IsNullOrEmpty(v) ? v : "?");
}
