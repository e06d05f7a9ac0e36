using System.Globalization;

namespace NicDoctor.KernelLog.Framing;

/// <summary>Reads the timestamp shapes of the framings (month names, ISO dates, fractions).</summary>
internal static class SyslogTime
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static int MonthNumber(ReadOnlySpan<char> name)
    {
        for (int i = 0; i < Months.Length; i++)
        {
            if (name.SequenceEqual(Months[i]))
                return i + 1;
        }
        return 0;
    }

    /// <summary>Builds a wall time from parts; null when they do not make a date (Feb 30…).</summary>
    public static DateTime? FromParts(int year, int month, int day, ReadOnlySpan<char> hms, ReadOnlySpan<char> fraction)
    {
        if (month < 1 || hms.Length != 8)
            return null;
        if (!int.TryParse(hms.Slice(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(hms.Slice(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            || !int.TryParse(hms.Slice(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int s))
            return null;
        if (year < 1 || year > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month) || h > 23 || m > 59 || s > 60)
            return null;
        var time = new DateTime(year, month, day, h, m, Math.Min(s, 59), DateTimeKind.Unspecified);
        return time.AddTicks(FractionTicks(fraction));
    }

    public static long FractionTicks(ReadOnlySpan<char> fraction)
    {
        if (fraction.IsEmpty)
            return 0;
        // Ticks are 100 ns: keep 7 digits (fewer are padded with zeros).
        ReadOnlySpan<char> digits = fraction.Length >= 7 ? fraction[..7] : fraction;
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long ticks))
            return 0;
        for (int i = digits.Length; i < 7; i++)
            ticks *= 10;
        return ticks;
    }

    /// <summary>Parses an ISO date (<c>2020-11-05</c>) plus time parts; zone may be <c>Z</c>, <c>+0100</c>, <c>+01:00</c>.</summary>
    public static (DateTime? Wall, TimeSpan? Offset) FromIso(ReadOnlySpan<char> date, ReadOnlySpan<char> hms, ReadOnlySpan<char> fraction,
        ReadOnlySpan<char> zone)
    {
        if (date.Length != 10
            || !int.TryParse(date.Slice(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int y)
            || !int.TryParse(date.Slice(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int mo)
            || !int.TryParse(date.Slice(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int d)
            || mo > 12)
            return (null, null);
        return (FromParts(y, mo, d, hms, fraction), ParseZone(zone));
    }

    public static TimeSpan? ParseZone(ReadOnlySpan<char> zone)
    {
        if (zone.IsEmpty)
            return null;
        if (zone is "Z")
            return TimeSpan.Zero;
        Span<char> digits = stackalloc char[5];
        int n = 0;
        foreach (char c in zone)
        {
            if (c == ':')
                continue;
            if (n == digits.Length)
                return null;
            digits[n++] = c;
        }
        if (n != 5
            || !int.TryParse(digits.Slice(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(digits.Slice(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            || h > 14 || m > 59)
            return null;
        var offset = new TimeSpan(h, m, 0);
        return digits[0] == '-' ? -offset : offset;
    }

    /// <summary><c>1234</c> + <c>567890</c> → 1234.567890 seconds.</summary>
    public static double? Seconds(ReadOnlySpan<char> whole, ReadOnlySpan<char> fraction)
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
