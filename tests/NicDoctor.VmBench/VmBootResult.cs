namespace NicDoctor.VmBench;

/// <summary>What one VM boot produced: the serial console, the guest's markers, and how QEMU ended.</summary>
public sealed class VmBootResult
{
    /// <summary>How many console lines a failure message shows.</summary>
    public const int FailureTailLines = 50;

    internal VmBootResult(VmBootRequest request, string commandLine, IReadOnlyList<string> consoleLines,
        string qemuStderr, int? exitCode, bool timedOut, TimeSpan elapsed)
    {
        Request = request;
        QemuCommandLine = commandLine;
        ConsoleLines = consoleLines;
        QemuStderr = qemuStderr;
        ExitCode = exitCode;
        TimedOut = timedOut;
        Elapsed = elapsed;
        Markers = consoleLines.Select(NdtestMarker.TryParse).OfType<NdtestMarker>().ToList();
    }

    /// <summary>The request that was booted.</summary>
    public VmBootRequest Request { get; }

    /// <summary>The QEMU command as run (for reproducing by hand).</summary>
    public string QemuCommandLine { get; }

    /// <summary>Every line QEMU wrote to its stdout (the guest's serial console, plus firmware output).</summary>
    public IReadOnlyList<string> ConsoleLines { get; }

    /// <summary>What QEMU itself printed on stderr (bad options, missing files).</summary>
    public string QemuStderr { get; }

    /// <summary>The whole serial log.</summary>
    public string SerialLog => string.Join('\n', ConsoleLines);

    /// <summary>The <c>NDTEST</c> lines, in console order.</summary>
    public IReadOnlyList<NdtestMarker> Markers { get; }

    /// <summary>True when the guest printed <c>NDTEST done</c>.</summary>
    public bool Done => Markers.Any(m => m.Key == NdtestMarker.DoneKey);

    /// <summary>QEMU's exit code; null when it was killed.</summary>
    public int? ExitCode { get; }

    /// <summary>True when QEMU hit <see cref="VmBootRequest.Timeout"/> and was killed.</summary>
    public bool TimedOut { get; }

    /// <summary>Wall time from starting QEMU to its exit.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The value of the last marker named <paramref name="key"/>, or null.</summary>
    public string? Marker(string key) => Markers.LastOrDefault(m => m.Key == key)?.Value;

    /// <summary>Every value of markers named <paramref name="key"/>, in order.</summary>
    public IReadOnlyList<string> MarkerValues(string key) => Markers.Where(m => m.Key == key).Select(m => m.Value).ToList();

    /// <summary>The last <paramref name="count"/> console lines.</summary>
    public IReadOnlyList<string> LastLines(int count = FailureTailLines) => ConsoleLines.TakeLast(count).ToList();

    /// <summary>Returns this result when the guest printed <c>NDTEST done</c>; otherwise throws.</summary>
    /// <exception cref="VmBootException">With how QEMU ended and the last 50 console lines.</exception>
    public VmBootResult EnsureDone()
    {
        if (!Done)
            throw new VmBootException(DescribeFailure());
        return this;
    }

    /// <summary>Why the guest is considered failed, with the last 50 console lines.</summary>
    public string DescribeFailure()
    {
        var ending = TimedOut
            ? $"QEMU was killed after the {Request.Timeout.TotalSeconds:0} s timeout"
            : $"QEMU exited with code {ExitCode} after {Elapsed.TotalSeconds:0.0} s";
        var tail = LastLines();
        return $"guest did not print '{NdtestMarker.Prefix}{NdtestMarker.DoneKey}': {ending}\n" +
            $"command: {QemuCommandLine}\n" +
            (QemuStderr.Length > 0 ? $"qemu stderr: {QemuStderr.Trim()}\n" : "") +
            $"last {tail.Count} console lines:\n{string.Join('\n', tail)}";
    }
}
