namespace NicDoctor.KernelLog.Framing;

/// <summary>
/// Hand-written parsers for the three framings that make up nearly every real log line — dmesg
/// <c>[ 1234.567890] </c>, BSD syslog <c>Nov  5 16:44:42 host kernel: </c> and ISO syslog
/// <c>2022-11-04T14:09:31.123+01:00 host kernel: </c> — a few times cheaper than the regexes with
/// their named-group lookups. They accept only plain ASCII shapes they are sure of and return
/// null for anything else (other framings, unusual spacing, non-ASCII, impossible dates), and the
/// caller then runs the regexes (<see cref="LineFramer.FrameWithRegexes"/>). Where they accept a
/// line, the result equals the regex framer's (checked by FastFramerTests on real and mutated lines).
/// </summary>
internal static class FastFramer
{
    public static FramedLine? TryFrame(string line, int assumedYear)
    {
        if (line.Length < 2)
            return null;
        char c = line[0];
        if (c == '[')
        {
            if (!KernelStamp(line, out int end, out double? seconds))
                return null;
            return new FramedLine { Framing = LogFraming.DmesgRaw, Text = line[end..], Time = new LogTimestamp { SinceBoot = seconds } };
        }
        if (c is >= 'A' and <= 'Z')
            return Bsd(line, assumedYear);
        if (IsDigit(c))
            return Iso(line);
        return null;
    }

    /// <summary>
    /// <c>[</c> spaces, 1–10 digits, <c>.</c>, 1–9 digits, <c>]</c>, an optional space: the shape both
    /// <c>DmesgRawRegex</c> (without <c>&lt;prio&gt;</c>) and <c>InnerKernelTimeRegex</c> accept.
    /// </summary>
    public static bool KernelStamp(string text, out int end, out double? seconds)
    {
        end = 0;
        seconds = null;
        int i = 1;
        while (i < text.Length && text[i] == ' ')
            i++;
        int wholeStart = i;
        i = SkipDigits(text, i);
        int wholeLength = i - wholeStart;
        if (wholeLength is < 1 or > 10 || i >= text.Length || text[i] != '.')
            return false;
        int fractionStart = ++i;
        i = SkipDigits(text, i);
        int fractionLength = i - fractionStart;
        if (fractionLength is < 1 or > 9 || i >= text.Length || text[i] != ']')
            return false;
        i++;
        if (i < text.Length && text[i] == ' ')
            i++;
        end = i;
        seconds = SyslogTime.Seconds(text.AsSpan(wholeStart, wholeLength), text.AsSpan(fractionStart, fractionLength));
        return true;
    }

    // BsdRegex: ^(?<mon>Jan|…) {1,2}(?<d>\d{1,2}) (?<t>\d\d:\d\d:\d\d)(?:\.(?<frac>\d{1,9}))? (?<host>\S+) (?<tag>[A-Za-z][\w./-]*)(?:\[\d+\])?: ?
    private static FramedLine? Bsd(string line, int assumedYear)
    {
        if (line.Length < 16)
            return null;
        int month = SyslogTime.MonthNumber(line.AsSpan(0, 3));
        if (month == 0 || line[3] != ' ')
            return null;
        int i = line[4] == ' ' ? 5 : 4;
        int dayStart = i;
        i = SkipDigits(line, i);
        int dayLength = i - dayStart;
        if (dayLength is < 1 or > 2 || !At(line, i, ' '))
            return null;
        int timeStart = ++i;
        if (!IsHms(line, timeStart))
            return null;
        i += 8;
        int fractionStart = i;
        int fractionLength = 0;
        if (At(line, i, '.'))
        {
            fractionStart = ++i;
            i = SkipDigits(line, i);
            fractionLength = i - fractionStart;
            if (fractionLength is < 1 or > 9)
                return null;
        }
        if (!At(line, i, ' '))
            return null;
        int hostStart = ++i;
        while (i < line.Length && line[i] is > ' ' and < '\x7f')
            i++;
        if (i == hostStart || !At(line, i, ' '))
            return null;
        int hostEnd = i++;
        if (!TagAndColon(line, ref i, out int tagStart, out int tagEnd))
            return null;
        int day = (line[dayStart] - '0') * (dayLength == 2 ? 10 : 1) + (dayLength == 2 ? line[dayStart + 1] - '0' : 0);
        DateTime? wall = SyslogTime.FromParts(assumedYear, month, day, line.AsSpan(timeStart, 8), line.AsSpan(fractionStart, fractionLength));
        if (wall is null)
            return null; // the regex framer words the timestamp problem
        return LineFramer.WithInnerKernelTime(LogFraming.Syslog, line[i..], new LogTimestamp { Wall = wall, YearAssumed = true },
            line[hostStart..hostEnd], LineFramer.IsKernelTag(line.AsSpan(tagStart, tagEnd - tagStart)), null);
    }

    // IsoRegex: ^(?<date>\d{4}-\d\d-\d\d)[T ](?<time>\d\d:\d\d:\d\d)(?:[.,](?<frac>\d{1,9}))?(?<tz>Z|[+-]\d\d:?\d\d)? (?:(?<host>[^\s:\[]+) (?<tag>[A-Za-z][\w./-]*)(?:\[\d+\])?: ?)?
    // A line starting with four digits and '-' never matches KmsgRegex (digits then ','), which the regex framer tries first.
    private static FramedLine? Iso(string line)
    {
        if (line.Length < 21 || !IsDigit(line[1]) || !IsDigit(line[2]) || !IsDigit(line[3]) || line[4] != '-'
            || !IsDigit(line[5]) || !IsDigit(line[6]) || line[7] != '-' || !IsDigit(line[8]) || !IsDigit(line[9])
            || line[10] is not ('T' or ' ') || !IsHms(line, 11))
            return null;
        int i = 19;
        int fractionStart = i;
        int fractionLength = 0;
        if (line[i] is '.' or ',')
        {
            fractionStart = ++i;
            i = SkipDigits(line, i);
            fractionLength = i - fractionStart;
            if (fractionLength is < 1 or > 9)
                return null;
        }
        int zoneStart = i;
        if (At(line, i, 'Z'))
        {
            i++;
        }
        else if (i < line.Length && line[i] is '+' or '-')
        {
            if (!IsDigit(line, i + 1) || !IsDigit(line, i + 2))
                return null;
            i += 3;
            if (At(line, i, ':'))
                i++;
            if (!IsDigit(line, i) || !IsDigit(line, i + 1))
                return null;
            i += 2;
        }
        int zoneEnd = i;
        if (!At(line, i, ' '))
            return null;
        int stampEnd = ++i;
        (DateTime? wall, TimeSpan? offset) = SyslogTime.FromIso(line.AsSpan(0, 10), line.AsSpan(11, 8),
            line.AsSpan(fractionStart, fractionLength), line.AsSpan(zoneStart, zoneEnd - zoneStart));
        if (wall is null)
            return null;
        var time = new LogTimestamp { Wall = wall, UtcOffset = offset };

        // The optional "host tag:" part; when it is not there the line is dmesg --time-format iso.
        int hostStart = i;
        while (i < line.Length && line[i] is > ' ' and < '\x7f' and not (':' or '['))
            i++;
        if (i < line.Length && line[i] is not (' ' or ':' or '['))
            return null; // a control or non-ASCII character: \s or not, leave it to the regex
        if (i > hostStart && At(line, i, ' '))
        {
            int hostEnd = i++;
            int tagEndAt = i;
            if (TagAndColon(line, ref tagEndAt, out int tagStart, out int tagEnd))
            {
                return LineFramer.WithInnerKernelTime(LogFraming.SyslogIso, line[tagEndAt..], time, line[hostStart..hostEnd],
                    LineFramer.IsKernelTag(line.AsSpan(tagStart, tagEnd - tagStart)), null);
            }
            if (tagEndAt < 0)
                return null;
        }
        return LineFramer.WithInnerKernelTime(LogFraming.DmesgIso, line[stampEnd..], time, null, true, null);
    }

    /// <summary>
    /// <c>(?&lt;tag&gt;[A-Za-z][\w./-]*)(?:\[\d+\])?: ?</c> at <paramref name="i"/> in ASCII; on success
    /// <paramref name="i"/> is the end of the match. On failure <paramref name="i"/> is -1 when a
    /// non-ASCII character makes the answer uncertain (the caller must leave the line to the regexes).
    /// </summary>
    private static bool TagAndColon(string line, ref int i, out int tagStart, out int tagEnd)
    {
        tagStart = i;
        tagEnd = i;
        if (i >= line.Length || !char.IsAsciiLetter(line[i]))
        {
            if (i < line.Length && line[i] >= '\x7f')
                i = -1;
            return false;
        }
        i++;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or '.' or '/' or '-'))
            i++;
        if (i < line.Length && line[i] >= '\x7f')
        {
            i = -1;
            return false;
        }
        tagEnd = i;
        if (At(line, i, '['))
        {
            int digits = SkipDigits(line, i + 1);
            if (digits < line.Length && line[digits] >= '\x7f')
            {
                i = -1; // \d also matches non-ASCII digits
                return false;
            }
            if (digits > i + 1 && At(line, digits, ']'))
                i = digits + 1;
        }
        if (!At(line, i, ':'))
            return false;
        i++;
        if (At(line, i, ' '))
            i++;
        return true;
    }

    private static bool IsHms(string s, int at) =>
        at + 8 <= s.Length && IsDigit(s[at]) && IsDigit(s[at + 1]) && s[at + 2] == ':' && IsDigit(s[at + 3]) && IsDigit(s[at + 4])
        && s[at + 5] == ':' && IsDigit(s[at + 6]) && IsDigit(s[at + 7]);

    private static int SkipDigits(string s, int i)
    {
        while (i < s.Length && IsDigit(s[i]))
            i++;
        return i;
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsDigit(string s, int i) => i < s.Length && IsDigit(s[i]);
}
