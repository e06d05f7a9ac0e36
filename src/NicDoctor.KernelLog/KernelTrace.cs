namespace NicDoctor.KernelLog;

/// <summary>
/// A WARNING/BUG/Oops block assembled into one record: its header, the task line, modules,
/// hardware and the call trace.
/// </summary>
public sealed class KernelTrace
{
    /// <summary>The header line's text (<c>WARNING: CPU: 45 PID: 0 at net/sched/…</c>, <c>BUG: …</c>, <c>Oops: …</c>).</summary>
    public string? Header { get; set; }

    /// <summary>CPU that printed the block (header or task line). For the watchdog: the timer's CPU.</summary>
    public int? Cpu { get; set; }

    public int? Pid { get; set; }

    /// <summary>Task name from the <c>CPU: … Comm:</c> line.</summary>
    public string? Command { get; set; }

    /// <summary>Source file of the WARN/BUG site as printed (may carry a build path).</summary>
    public string? File { get; set; }

    public int? FileLine { get; set; }

    /// <summary>
    /// Function of the WARN site, from the header (<c>dev_watchdog</c>); for a BUG/Oops without one,
    /// the faulting function from the <c>RIP:</c>/<c>IP:</c> line.
    /// </summary>
    public string? Function { get; set; }

    public string? FunctionOffset { get; set; }

    public string? FunctionLength { get; set; }

    /// <summary>Module of the faulting instruction, from the <c>RIP:</c>/<c>IP:</c> line's <c>[i40e]</c>; null for built-in code.</summary>
    public string? FaultModule { get; set; }

    /// <summary>True for <c>Not tainted</c>, false for <c>Tainted: …</c>, null when no task line was seen.</summary>
    public bool? NotTainted { get; set; }

    /// <summary>Taint flags as printed after <c>Tainted:</c> (e.g. <c>G           OE</c>).</summary>
    public string? TaintFlags { get; set; }

    /// <summary>Kernel release from the task line (<c>3.10.0-693.el7.x86_64</c>).</summary>
    public string? KernelRelease { get; set; }

    public string? HardwareName { get; set; }

    /// <summary>Modules from <c>Modules linked in:</c> (continuation lines joined), in order.</summary>
    public List<string> Modules { get; } = [];

    public List<StackFrame> CallTrace { get; } = [];

    /// <summary>False when the block ended without <c>---[ end trace</c> or a complete call trace (cut off).</summary>
    public bool Complete { get; set; }
}
