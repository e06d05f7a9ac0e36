namespace NicDoctor.KernelLog;

/// <summary>One original log line an event was built from: where it is and what it says.</summary>
/// <param name="Source">The file name (or <c>-</c>, <c>/dev/kmsg</c>) the line came from.</param>
/// <param name="Line">1-based physical line number in that source.</param>
/// <param name="Text">The line as read (framing included), capped at <see cref="MaxLength"/> characters.</param>
public sealed record EvidenceLine(string Source, long Line, string Text)
{
    public const int MaxLength = 4096;
}
