using System.Globalization;
using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Extraction;

/// <summary>
/// Collects the indented <c>name &lt;value&gt;</c> lines of a driver's hang dump (ixgbe/igb/e1000
/// <c>Detected Tx Unit Hang</c>, e1000e <c>Detected Hardware Unit Hang</c>) into its event.
/// </summary>
internal sealed partial class RegisterDump(KernelEvent owner)
{
    private const int MaxLines = 24;
    private int lines;

    public KernelEvent Owner { get; } = owner;

    /// <summary>Takes the line if it belongs to the dump; false ends the dump.</summary>
    public bool TryAdd(string text, LogPosition position)
    {
        if (lines >= MaxLines)
            return false;
        if (BufferInfoRegex().IsMatch(text))
        {
            lines++;
            Owner.Evidence.Add(position.Evidence());
            return true;
        }
        Match m = FieldRegex().Match(text);
        if (!m.Success)
            return false;
        lines++;
        Owner.Evidence.Add(position.Evidence());
        string key = m.Groups["key"].Value.Trim();
        string v1 = m.Groups["v1"].Value;
        if (m.Groups["v2"].Success && key.Contains(',', StringComparison.Ordinal))
        {
            // "TDH, TDT <13a>, <16a>" (ixgbe) carries two registers on one line.
            string[] keys = key.Split(',', StringSplitOptions.TrimEntries);
            Owner.Fields[keys[0]] = v1;
            Owner.Fields[keys[^1]] = m.Groups["v2"].Value;
        }
        else if (key == "Tx Queue" && int.TryParse(v1, NumberStyles.None, CultureInfo.InvariantCulture, out int queue))
        {
            Owner.Queue = queue;
        }
        else
        {
            Owner.Fields[key] = v1;
        }
        return true;
    }

    /// <summary>Adds the dump's key facts to the summary once it is complete.</summary>
    public void Finish()
    {
        var parts = new List<string>();
        if (Owner.Queue is { } q)
            parts.Add("queue " + q.ToString(CultureInfo.InvariantCulture));
        foreach (string key in new[] { "TDH", "TDT", "next_to_use", "next_to_clean" })
        {
            if (Owner.Fields.TryGetValue(key, out string? v))
                parts.Add(key + " " + v);
        }
        if (parts.Count > 0)
            Owner.Summary += " (" + string.Join(", ", parts) + ")";
    }

    [GeneratedRegex(@"^\s*(?<key>[A-Za-z_][\w .,-]*?[\w.\]])\s+<(?<v1>[^>]{0,40})>(?:,\s*<(?<v2>[^>]{0,40})>)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldRegex();

    [GeneratedRegex(@"^\s*(?:tx_)?buffer_info\[next_to_clean\]:?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex BufferInfoRegex();
}
