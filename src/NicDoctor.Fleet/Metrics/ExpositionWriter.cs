using System.Globalization;
using System.Text;

namespace NicDoctor.Fleet.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4: <c># HELP</c> and
/// <c># TYPE</c> once per family, then one line per series. Label values escape backslash, double
/// quote and newline; help text escapes backslash and newline (the format's rules).
/// </summary>
public static class ExpositionWriter
{
    /// <summary>The Content-Type a scrape response carries.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Write(TextWriter writer, IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(families);
        var line = new StringBuilder(256);
        foreach (MetricFamily family in families)
        {
            writer.Write("# HELP ");
            writer.Write(family.Name);
            writer.Write(' ');
            writer.Write(EscapeHelp(family.Help));
            writer.Write('\n');
            writer.Write("# TYPE ");
            writer.Write(family.Name);
            writer.Write(family.Type == MetricType.Counter ? " counter\n" : " gauge\n");
            foreach ((string[] labels, double value, ulong? exact) in family.Series)
            {
                line.Clear();
                line.Append(family.Name);
                if (labels.Length > 0)
                {
                    line.Append('{');
                    for (int i = 0; i < labels.Length; i++)
                    {
                        if (i > 0)
                            line.Append(',');
                        line.Append(family.LabelNames[i]).Append("=\"");
                        AppendLabelValue(line, labels[i]);
                        line.Append('"');
                    }
                    line.Append('}');
                }
                line.Append(' ');
                if (exact is { } e)
                    line.Append(e);
                else
                    line.Append(FormatValue(value));
                line.Append('\n');
                writer.Write(line);
            }
        }
    }

    public static string ToText(IEnumerable<MetricFamily> families)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(writer, families);
        return writer.ToString();
    }

    /// <summary>Integers as integers (counters up to 2^53 exactly), else the shortest round-trip form.</summary>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
            return "NaN";
        if (double.IsPositiveInfinity(value))
            return "+Inf";
        if (double.IsNegativeInfinity(value))
            return "-Inf";
        if (value == Math.Floor(value) && Math.Abs(value) < 9.007199254740992E15)
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    internal static void AppendLabelValue(StringBuilder sb, string value)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
    }

    internal static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
