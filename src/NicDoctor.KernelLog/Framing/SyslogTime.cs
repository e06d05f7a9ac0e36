using System.Globalization;

namespace NicDoctor.KernelLog.Framing;

/// <summary>Reads the timestamp shapes of the framings (month names, ISO dates, fractions).</summary>
internal static class SyslogTime
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static int MonthNumber(string name) => Array.IndexOf(Months, name) + 1;

    /// <summary>Builds a wall time from parts; null when they do not make a date (Feb 30…).</summary>
    public static DateTime? FromParts(int year, int month, int day, string hms, string? fraction)
    {
        if (month < 1 || hms.Length != 8)
            return null;
        if (!int.TryParse(hms.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(hms.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            || !int.TryParse(hms.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int s))
            return null;
        if (year < 1 || year > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month) || h > 23 || m > 59 || s > 60)
            return null;
        var time = new DateTime(year, month, day, h, m, Math.Min(s, 59), DateTimeKind.Unspecified);
        return time.AddTicks(FractionTicks(fraction));
    }

    public static long FractionTicks(string? fraction)
    {
        if (string.IsNullOrEmpty(fraction))
            return 0;
        // Ticks are 100 ns: keep 7 digits.
        string digits = fraction.Length >= 7 ? fraction[..7] : fraction.PadRight(7, '0');
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long ticks) ? ticks : 0;
    }

    /// <summary>Parses an ISO date (<c>2020-11-05</c>) plus time parts; zone may be <c>Z</c>, <c>+0100</c>, <c>+01:00</c>.</summary>
    public static (DateTime? Wall, TimeSpan? Offset) FromIso(string date, string hms, string? fraction, string? zone)
    {
        if (date.Length != 10
            || !int.TryParse(date.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int y)
            || !int.TryParse(date.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int mo)
            || !int.TryParse(date.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int d)
            || mo > 12)
            return (null, null);
        return (FromParts(y, mo, d, hms, fraction), ParseZone(zone));
    }

    public static TimeSpan? ParseZone(string? zone)
    {
        if (string.IsNullOrEmpty(zone))
            return null;
        if (zone == "Z")
            return TimeSpan.Zero;
        string digits = zone.Replace(":", "", StringComparison.Ordinal);
        if (digits.Length != 5
            || !int.TryParse(digits.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(digits.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            || h > 14 || m > 59)
            return null;
        var offset = new TimeSpan(h, m, 0);
        return digits[0] == '-' ? -offset : offset;
    }

    /// <summary><c>1234</c> + <c>567890</c> → 1234.567890 seconds.</summary>
    public static double? Seconds(string whole, string fraction)
    {
        if (!long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out long s))
            return null;
        double f = 0;
        if (fraction.Length > 0 && fraction.Length <= 9
            && long.TryParse(fraction, NumberStyles.None, CultureInfo.InvariantCulture, out long fr))
            f = fr / Math.Pow(10, fraction.Length);
        return s + f;
    }
}
