namespace NicDoctor.KernelLog;

/// <summary>Stable ids of the analyzer's diagnostics (printed as <c>KL0001</c>…).</summary>
public enum LogDiagnosticId
{
    /// <summary>A line longer than the cap; only its start was analyzed.</summary>
    LineTooLong = 1,

    /// <summary>Bytes that are not valid UTF-8 were replaced by U+FFFD.</summary>
    InvalidUtf8 = 2,

    /// <summary>NUL bytes: the input looks binary.</summary>
    BinaryData = 3,

    /// <summary>A WARNING/BUG block or driver dump ended before it was complete.</summary>
    TruncatedBlock = 4,

    /// <summary>A <c>/dev/kmsg</c> record header could not be read.</summary>
    MalformedKmsgRecord = 5,

    /// <summary>A journal JSON line could not be parsed.</summary>
    MalformedJournalJson = 6,

    /// <summary>A timestamp in a line's framing could not be read.</summary>
    MalformedTimestamp = 7,

    /// <summary>More diagnostics than the cap; the rest were counted, not kept.</summary>
    TooManyDiagnostics = 8,
}

/// <summary>Something odd in the input: where it is and what. Analysis goes on past it.</summary>
public sealed record LogDiagnostic(LogDiagnosticId Id, string Source, long Line, string Message)
{
    public string Code => $"KL{(int)Id:D4}";

    public override string ToString() => $"{Source}: line {Line}: {Code}: {Message}";
}
