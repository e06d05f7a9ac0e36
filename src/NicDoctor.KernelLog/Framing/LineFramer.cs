using System.Globalization;
using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Framing;

/// <summary>
/// Detects one line's framing (dmesg raw/-T/iso, syslog, journal short/iso/precise/json,
/// RFC 5424, OpenWrt logread, /dev/kmsg) and splits off the kernel's message text. Never throws:
/// a line it does not recognise is <see cref="LogFraming.Bare"/>.
/// </summary>
internal static partial class LineFramer
{
    public static FramedLine Frame(string line, LogFraming previous, int assumedYear) =>
        FastFramer.TryFrame(line, assumedYear) ?? FrameWithRegexes(line, previous, assumedYear);

    /// <summary>The reference framer: every framing by its regex. <see cref="FastFramer"/> must agree with it.</summary>
    internal static FramedLine FrameWithRegexes(string line, LogFraming previous, int assumedYear)
    {
        if (line.Length == 0)
            return new FramedLine { Framing = LogFraming.Bare, Text = line };
        char c = line[0];
        FramedLine? framed = c switch
        {
            '[' => DmesgBracket(line),
            '<' => DmesgRaw(line) ?? Rfc5424(line),
            '{' => JournalJsonLine.Parse(line),
            ' ' when previous is LogFraming.Kmsg or LogFraming.KmsgContinuation => KmsgContinuation(line),
            >= '0' and <= '9' => Kmsg(line) ?? Iso(line) ?? Rfc5424(line),
            >= 'A' and <= 'Z' => Bsd(line, assumedYear) ?? Logread(line),
            'k' when line.StartsWith("kernel:", StringComparison.Ordinal) => PartialSyslog(line),
            _ => null,
        };
        return framed ?? new FramedLine { Framing = LogFraming.Bare, Text = line };
    }

    private static FramedLine? DmesgBracket(string line) => DmesgRaw(line) ?? DmesgHuman(line) ?? DmesgDelta(line);

    private static FramedLine? DmesgRaw(string line)
    {
        Match m = DmesgRawRegex().Match(line);
        if (!m.Success)
            return null;
        return new FramedLine
        {
            Framing = LogFraming.DmesgRaw,
            Text = line[m.Length..],
            Time = new LogTimestamp { SinceBoot = SyslogTime.Seconds(m.Groups["s"].Value, m.Groups["f"].Value) },
        };
    }

    private static FramedLine? DmesgDelta(string line)
    {
        Match m = DmesgDeltaRegex().Match(line);
        return m.Success ? new FramedLine { Framing = LogFraming.DmesgRaw, Text = line[m.Length..] } : null;
    }

    private static FramedLine? DmesgHuman(string line)
    {
        Match m = DmesgHumanRegex().Match(line);
        if (!m.Success)
            return null;
        DateTime? wall = SyslogTime.FromParts(
            int.Parse(m.Groups["y"].ValueSpan, CultureInfo.InvariantCulture),
            SyslogTime.MonthNumber(m.Groups["mon"].Value),
            int.Parse(m.Groups["d"].ValueSpan, CultureInfo.InvariantCulture),
            m.Groups["t"].Value, default);
        return WithInnerKernelTime(LogFraming.DmesgHuman, line[m.Length..], new LogTimestamp { Wall = wall }, null, true,
            wall is null ? m.Value : null);
    }

    private static FramedLine? Kmsg(string line)
    {
        Match m = KmsgRegex().Match(line);
        if (!m.Success)
            return null;
        double? usec = long.TryParse(m.Groups["usec"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out long u)
            ? u / 1_000_000.0 : null;
        return new FramedLine { Framing = LogFraming.Kmsg, Text = line[m.Length..], Time = new LogTimestamp { SinceBoot = usec } };
    }

    private static FramedLine KmsgContinuation(string line)
    {
        // " SUBSYSTEM=net" / " DEVICE=+pci:0000:1a:00.2": dictionary lines of the record above.
        string kv = line.TrimStart();
        string? device = kv.StartsWith("DEVICE=", StringComparison.Ordinal) ? kv["DEVICE=".Length..] : null;
        return new FramedLine { Framing = LogFraming.KmsgContinuation, Text = line, Device = device };
    }

    private static FramedLine? Iso(string line)
    {
        Match m = IsoRegex().Match(line);
        if (!m.Success)
            return null;
        (DateTime? wall, TimeSpan? offset) = SyslogTime.FromIso(m.Groups["date"].Value, m.Groups["time"].Value,
            m.Groups["frac"].Value, m.Groups["tz"].Value);
        var time = new LogTimestamp { Wall = wall, UtcOffset = offset };
        string? problem = wall is null ? m.Groups["date"].Value + " " + m.Groups["time"].Value : null;
        Group tag = m.Groups["tag"];
        if (tag.Success)
        {
            return WithInnerKernelTime(LogFraming.SyslogIso, line[m.Length..], time, m.Groups["host"].Value,
                IsKernelTag(tag.Value), problem);
        }
        // No "host tag:" after the stamp: dmesg --time-format iso.
        return WithInnerKernelTime(LogFraming.DmesgIso, line[m.Length..], time, null, true, problem);
    }

    private static FramedLine? Bsd(string line, int assumedYear)
    {
        Match m = BsdRegex().Match(line);
        if (!m.Success)
            return null;
        DateTime? wall = SyslogTime.FromParts(assumedYear, SyslogTime.MonthNumber(m.Groups["mon"].Value),
            int.Parse(m.Groups["d"].ValueSpan, CultureInfo.InvariantCulture), m.Groups["t"].Value, m.Groups["frac"].Value);
        return WithInnerKernelTime(LogFraming.Syslog, line[m.Length..], new LogTimestamp { Wall = wall, YearAssumed = true },
            m.Groups["host"].Value, IsKernelTag(m.Groups["tag"].Value), wall is null ? m.Groups["t"].Value : null);
    }

    private static FramedLine? Logread(string line)
    {
        Match m = LogreadRegex().Match(line);
        if (!m.Success)
            return null;
        DateTime? wall = SyslogTime.FromParts(int.Parse(m.Groups["y"].ValueSpan, CultureInfo.InvariantCulture),
            SyslogTime.MonthNumber(m.Groups["mon"].Value), int.Parse(m.Groups["d"].ValueSpan, CultureInfo.InvariantCulture),
            m.Groups["t"].Value, default);
        return WithInnerKernelTime(LogFraming.Logread, line[m.Length..], new LogTimestamp { Wall = wall }, null,
            IsKernelTag(m.Groups["tag"].Value), wall is null ? m.Value : null);
    }

    /// <summary>A syslog line quoted without its stamp and host: <c>kernel: [ 12.3] text</c>.</summary>
    private static FramedLine PartialSyslog(string line)
    {
        string text = line["kernel:".Length..].TrimStart(' ');
        return WithInnerKernelTime(LogFraming.Bare, text, default, null, true, null);
    }

    private static FramedLine? Rfc5424(string line)
    {
        Match m = Rfc5424Regex().Match(line);
        if (!m.Success)
            return null;
        Match ts = IsoStampRegex().Match(m.Groups["ts"].Value);
        LogTimestamp time = default;
        string? problem = null;
        if (ts.Success)
        {
            (DateTime? wall, TimeSpan? offset) = SyslogTime.FromIso(ts.Groups["date"].Value, ts.Groups["time"].Value,
                ts.Groups["frac"].Value, ts.Groups["tz"].Value);
            time = new LogTimestamp { Wall = wall, UtcOffset = offset };
            problem = wall is null ? m.Groups["ts"].Value : null;
        }
        else if (m.Groups["ts"].Value != "-")
        {
            problem = m.Groups["ts"].Value;
        }
        string host = m.Groups["host"].Value;
        return WithInnerKernelTime(LogFraming.Rfc5424, line[m.Length..], time, host == "-" ? null : host,
            IsKernelTag(m.Groups["app"].Value), problem);
    }

    /// <summary>Syslog copies of kernel lines often keep the kernel's own <c>[ 1234.5]</c> stamp: take it too.</summary>
    internal static FramedLine WithInnerKernelTime(LogFraming framing, string text, LogTimestamp time, string? host, bool isKernel,
        string? problem)
    {
        if (text.Length > 0 && text[0] == '[')
        {
            if (FastFramer.KernelStamp(text, out int end, out double? seconds))
                return new FramedLine { Framing = framing, Text = text[end..], Time = time with { SinceBoot = seconds }, Host = host, IsKernel = isKernel, TimestampProblem = problem };
            Match inner = InnerKernelTimeRegex().Match(text);
            if (inner.Success)
            {
                time = time with { SinceBoot = SyslogTime.Seconds(inner.Groups["s"].Value, inner.Groups["f"].Value) };
                text = text[inner.Length..];
            }
        }
        return new FramedLine { Framing = framing, Text = text, Time = time, Host = host, IsKernel = isKernel, TimestampProblem = problem };
    }

    internal static bool IsKernelTag(ReadOnlySpan<char> tag) => tag is "kernel" or "vmunix";

    [GeneratedRegex(@"^(?:<\d{1,3}>)?\[\s*(?<s>\d{1,10})\.(?<f>\d{1,9})\] ?", RegexOptions.CultureInvariant)]
    private static partial Regex DmesgRawRegex();

    [GeneratedRegex(@"^\[\s*[+<]?\s*\d{1,10}[.,]\d{1,9}\s*>?\] ?", RegexOptions.CultureInvariant)]
    private static partial Regex DmesgDeltaRegex();

    [GeneratedRegex(@"^\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(?<d>\d{1,2}) (?<t>\d\d:\d\d:\d\d) (?<y>\d{4})\] ?", RegexOptions.CultureInvariant)]
    private static partial Regex DmesgHumanRegex();

    [GeneratedRegex(@"^(?<prio>\d{1,4}),(?<seq>\d{1,20}),(?<usec>\d{1,20}),[^;,]*(?:,[^;]*)?;", RegexOptions.CultureInvariant)]
    private static partial Regex KmsgRegex();

    [GeneratedRegex(@"^(?<date>\d{4}-\d\d-\d\d)[T ](?<time>\d\d:\d\d:\d\d)(?:[.,](?<frac>\d{1,9}))?(?<tz>Z|[+-]\d\d:?\d\d)? (?:(?<host>[^\s:\[]+) (?<tag>[A-Za-z][\w./-]*)(?:\[\d+\])?: ?)?", RegexOptions.CultureInvariant)]
    private static partial Regex IsoRegex();

    [GeneratedRegex(@"^(?<date>\d{4}-\d\d-\d\d)T(?<time>\d\d:\d\d:\d\d)(?:[.,](?<frac>\d{1,9}))?(?<tz>Z|[+-]\d\d:?\d\d)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoStampRegex();

    [GeneratedRegex(@"^(?<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(?<d>\d{1,2}) (?<t>\d\d:\d\d:\d\d)(?:\.(?<frac>\d{1,9}))? (?<host>\S+) (?<tag>[A-Za-z][\w./-]*)(?:\[\d+\])?: ?", RegexOptions.CultureInvariant)]
    private static partial Regex BsdRegex();

    [GeneratedRegex(@"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(?<d>\d{1,2}) (?<t>\d\d:\d\d:\d\d) (?<y>\d{4}) \w+\.\w+ (?<tag>[A-Za-z][\w./-]*)(?:\[\d+\])?: ?", RegexOptions.CultureInvariant)]
    private static partial Regex LogreadRegex();

    [GeneratedRegex(@"^(?:<\d{1,3}>)?1 (?<ts>\S+) (?<host>\S+) (?<app>\S+) \S+ \S+ (?:-|(?:\[(?:[^\]\\]|\\.)*\])+) ?\uFEFF?", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc5424Regex();

    [GeneratedRegex(@"^\[\s*(?<s>\d{1,10})\.(?<f>\d{1,9})\] ?", RegexOptions.CultureInvariant)]
    private static partial Regex InnerKernelTimeRegex();
}
