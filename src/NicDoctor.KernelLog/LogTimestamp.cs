namespace NicDoctor.KernelLog;

/// <summary>
/// When a line was logged, as far as its framing says: wall-clock time (syslog, journal,
/// <c>dmesg -T</c>) and/or time since boot (dmesg raw, <c>/dev/kmsg</c>, the kernel's own
/// <c>[ 1234.5]</c> prefix inside syslog). Either may be missing.
/// </summary>
public readonly record struct LogTimestamp
{
    /// <summary>Wall-clock time as written in the log (no conversion).</summary>
    public DateTime? Wall { get; init; }

    /// <summary>The UTC offset written with <see cref="Wall"/>, if the format has one.</summary>
    public TimeSpan? UtcOffset { get; init; }

    /// <summary>True when the format has no year (BSD syslog) and the analyzer's assumed year was used.</summary>
    public bool YearAssumed { get; init; }

    /// <summary>Seconds since boot (monotonic), as the kernel printed it.</summary>
    public double? SinceBoot { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Wall is null && SinceBoot is null;

    /// <summary>Readable form: ISO wall time (with offset when known), else <c>+SECONDS</c> since boot.</summary>
    public override string ToString()
    {
        if (Wall is { } wall)
        {
            string text = wall.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            if (UtcOffset is { } off)
                text += (off < TimeSpan.Zero ? "-" : "+") + off.ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture);
            return text;
        }
        return SinceBoot is { } s ? "+" + s.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture) : "";
    }
}
