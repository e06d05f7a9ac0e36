namespace NicDoctor.KernelLog.Framing;

/// <summary>A physical line split into its framing facts and the kernel's message text.</summary>
internal sealed class FramedLine
{
    public LogFraming Framing { get; init; }

    /// <summary>The kernel message text (for JSON: the MESSAGE field).</summary>
    public required string Text { get; init; }

    public LogTimestamp Time { get; init; }

    public string? Host { get; init; }

    /// <summary>False for syslog/journal lines from a program other than the kernel.</summary>
    public bool IsKernel { get; init; } = true;

    /// <summary><c>/dev/kmsg</c> / journal device id (<c>+pci:0000:1a:00.2</c>, <c>n2</c>).</summary>
    public string? Device { get; init; }

    /// <summary>Set when the framing looked right but its timestamp could not be read.</summary>
    public string? TimestampProblem { get; init; }
}
