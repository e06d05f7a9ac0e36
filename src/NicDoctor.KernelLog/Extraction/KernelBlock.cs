using System.Globalization;
using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Extraction;

/// <summary>
/// Assembles a WARNING/BUG/Oops block line by line into a <see cref="KernelTrace"/>: header
/// (CPU, PID, file:line, function+off/len), <c>Modules linked in</c> with its continuation lines,
/// the task line (<c>Not tainted</c>/<c>Tainted:</c> + release), <c>Hardware name</c>, call-trace frames.
/// Lines from both orders are accepted: 3.10 prints the WARNING line first, newer kernels the message.
/// </summary>
internal sealed partial class KernelBlock
{
    private const int MaxPreambleLines = 80;
    private readonly int maxLines;
    private int preambleLines;
    private int totalLines;
    private bool inModules;
    private bool inTrace;

    public KernelBlock(LogPosition start, int maxLines)
    {
        Start = start;
        this.maxLines = maxLines;
    }

    public LogPosition Start { get; }

    public KernelTrace Trace { get; } = new();

    public List<EvidenceLine> Evidence { get; } = [];

    /// <summary>The recognised message inside the block (e.g. the NETDEV WATCHDOG event), if any.</summary>
    public KernelEvent? Primary { get; set; }

    /// <summary>BUG/Oops/panic rather than WARNING.</summary>
    public bool IsBug { get; private set; }

    public bool HasHeader => Trace.Header is not null;

    /// <summary>True when <paramref name="text"/> opens a block (cut-here marker or a WARNING/BUG/Oops header).</summary>
    public static bool IsStart(string text) =>
        text.Contains("[ cut here ]", StringComparison.Ordinal) || HeaderKind(text) != HeaderType.None;

    /// <summary>
    /// A task line (<c>CPU: 0 PID: 0 Comm: …</c>, 3.x <c>Pid: 0, comm: …</c>) right after a watchdog
    /// message continues its WARN even when the log lost the WARNING line itself.
    /// </summary>
    public static bool IsTaskLine(string text) => TaskRegex().IsMatch(text);

    public BlockLine Offer(string text, LogPosition position)
    {
        if (++totalLines > maxLines)
            return BlockLine.NotMine;
        if (text.Contains("---[ end ", StringComparison.Ordinal))
        {
            Evidence.Add(position.Evidence());
            Trace.Complete = true;
            return BlockLine.End;
        }
        HeaderType header = HeaderKind(text);
        if (text.Contains("[ cut here ]", StringComparison.Ordinal) && (HasHeader || Trace.CallTrace.Count > 0))
            return BlockLine.NotMine;
        if (header != HeaderType.None)
        {
            // A second WARNING after a finished trace is a new block; "Oops:" after "BUG:" is the same one.
            if (HasHeader && (inTrace || header == HeaderType.Warning))
                return BlockLine.NotMine;
            if (!HasHeader)
                SetHeader(header, text);
            Keep(position);
            return BlockLine.Structure;
        }
        if (inModules && ModulesContinuationRegex().IsMatch(text))
        {
            AddModules(text);
            Keep(position);
            return BlockLine.Structure;
        }
        inModules = false;
        if (TryStructure(text))
        {
            Keep(position);
            return BlockLine.Structure;
        }
        if (inTrace)
            return BlockLine.NotMine;
        if (++preambleLines > MaxPreambleLines)
            return BlockLine.NotMine;
        return BlockLine.Message;
    }

    private void Keep(LogPosition position) => Evidence.Add(position.Evidence());

    private bool TryStructure(string text)
    {
        if (text.Contains("[ cut here ]", StringComparison.Ordinal))
            return true;
        Match m;
        if (text.StartsWith("Modules linked in:", StringComparison.Ordinal))
        {
            inModules = true;
            AddModules(text["Modules linked in:".Length..]);
            return true;
        }
        // Cheap literal guards first: a failing Regex.Match still costs a runner and a scan, on every block line.
        if ((text.StartsWith("CPU: ", StringComparison.Ordinal) || text.StartsWith("Pid: ", StringComparison.Ordinal))
            && (m = TaskRegex().Match(text)).Success)
        {
            Trace.Cpu ??= Int(m.Groups["cpu"]);
            Trace.Pid ??= Int(m.Groups["pid"]);
            Trace.Command ??= m.Groups["comm"].Value;
            Trace.NotTainted = !m.Groups["taint"].Success;
            Trace.TaintFlags = m.Groups["taint"].Success ? m.Groups["taint"].Value : null;
            Trace.KernelRelease = m.Groups["release"].Value;
            return true;
        }
        if (text.StartsWith("Hardware name: ", StringComparison.Ordinal) && (m = HardwareRegex().Match(text)).Success)
        {
            Trace.HardwareName = m.Groups["hw"].Value;
            return true;
        }
        if ((text.Contains("Call ", StringComparison.Ordinal) || text.Contains("Backtrace", StringComparison.Ordinal))
            && CallTraceStartRegex().IsMatch(text))
        {
            inTrace = true;
            return true;
        }
        if ((m = FrameRegex().Match(text)).Success || (m = ArmFrameRegex().Match(text)).Success)
        {
            inTrace = true;
            Trace.CallTrace.Add(new StackFrame(m.Groups["fn"].Value, Opt(m.Groups["off"]), Opt(m.Groups["len"]),
                Opt(m.Groups["mod"]), !m.Groups["unrel"].Success));
            return true;
        }
        if ((text.StartsWith("RIP: ", StringComparison.Ordinal) || text.StartsWith("IP: ", StringComparison.Ordinal))
            && (m = InstructionPointerRegex().Match(text)).Success)
        {
            if (Trace.Function is null)
            {
                Trace.Function = m.Groups["fn"].Value;
                Trace.FunctionOffset = Opt(m.Groups["off"]);
                Trace.FunctionLength = Opt(m.Groups["len"]);
            }
            Trace.FaultModule ??= Opt(m.Groups["mod"]);
            return true;
        }
        return ContextMarkerRegex().IsMatch(text) || RegisterRegex().IsMatch(text) || HexWordsRegex().IsMatch(text);
    }

    private void SetHeader(HeaderType type, string text)
    {
        Trace.Header = text.Trim();
        IsBug = type == HeaderType.Bug;
        Match m = WarningRegex().Match(text);
        if (!m.Success)
            m = BugAtRegex().Match(text);
        if (!m.Success)
            return;
        Trace.Cpu = Int(m.Groups["cpu"]);
        Trace.Pid = Int(m.Groups["pid"]);
        Trace.File = Opt(m.Groups["file"]);
        Trace.FileLine = Int(m.Groups["line"]);
        Trace.Function = Opt(m.Groups["fn"]);
        Trace.FunctionOffset = Opt(m.Groups["off"]);
        Trace.FunctionLength = Opt(m.Groups["len"]);
    }

    private void AddModules(string list)
    {
        string cleaned = LastUnloadedRegex().Replace(list, " ");
        foreach (string token in cleaned.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Trace.Modules.Add(token);
    }

    private static HeaderType HeaderKind(string text)
    {
        if (text.StartsWith("WARNING:", StringComparison.Ordinal))
            return HeaderType.Warning;
        if (text.StartsWith("BUG:", StringComparison.Ordinal) || text.StartsWith("kernel BUG at ", StringComparison.Ordinal)
            || text.StartsWith("Oops", StringComparison.Ordinal) || text.StartsWith("general protection fault", StringComparison.Ordinal)
            || text.StartsWith("Kernel panic - not syncing", StringComparison.Ordinal))
            return HeaderType.Bug;
        return HeaderType.None;
    }

    private static int? Int(Group g) =>
        g.Success && int.TryParse(g.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static string? Opt(Group g) => g.Success && g.Length > 0 ? g.Value : null;

    private enum HeaderType
    {
        None,
        Warning,
        Bug,
    }

    // "WARNING: CPU: 45 PID: 0 at net/sched/sch_generic.c:300 dev_watchdog+0x242/0x250" (3.x+),
    // "WARNING: CPU: 1 PID: 0 at 0xffffffc0086c4014" (no symbols),
    // "WARNING: at net/sched/sch_generic.c:261 dev_watchdog+0xf2/0x151()" (2.6/3.2).
    [GeneratedRegex(@"^WARNING: (?:CPU: (?<cpu>\d+) PID: (?<pid>\d+) )?at (?:(?<file>\S+?):(?<line>\d+)(?: (?<fn>[^\s+()]+)(?:\+(?<off>0x[0-9a-fA-F]+)/(?<len>0x[0-9a-fA-F]+))?)?|(?<address>0x[0-9a-fA-F]+)\s*$)", RegexOptions.CultureInvariant)]
    private static partial Regex WarningRegex();

    [GeneratedRegex(@"^kernel BUG at (?<file>[^:\s]+):(?<line>\d+)!", RegexOptions.CultureInvariant)]
    private static partial Regex BugAtRegex();

    // "CPU: 45 PID: 0 Comm: swapper/45 Not tainted 3.10.0-693.el7.x86_64 #1", "CPU: 3 UID: 0 PID: …" (6.12+),
    // "Pid: 0, comm: swapper/0 Not tainted 3.2.0-4-amd64 #1 Debian 3.2.73-2+deb7u1" (<= 3.x).
    [GeneratedRegex(@"^(?:CPU: (?<cpu>\d+) (?:UID: \d+ )?PID: (?<pid>\d+) Comm: |Pid: (?<pid>\d+), comm: )(?<comm>.{1,32}?) (?:Not tainted|Tainted: (?<taint>[A-Z ]*[A-Z]))\s+(?<release>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex TaskRegex();

    [GeneratedRegex(@"^Hardware name: (?<hw>.+?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex HardwareRegex();

    [GeneratedRegex(@"^\s*(?:Call Trace|Call trace|Backtrace)\s*:?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CallTraceStartRegex();

    // x86 "[<ffffffff816a3d91>] dump_stack+0x19/0x1b", "? foo+0x1/0x2 [i40e]", "<IRQ>  [<…>] …", openrisc "[<(ptrval)>] …".
    [GeneratedRegex(@"^\s*(?:<\w+>\s*)?(?:\[<[0-9a-fA-Fx(ptrval)]+>\]\s*)?(?<unrel>\?\s+)?(?<fn>[A-Za-z_.$][\w.$]*)\+(?<off>0x[0-9a-fA-F]+)/(?<len>0x[0-9a-fA-F]+)(?:\s+\[(?<mod>[\w-]+)\])?", RegexOptions.CultureInvariant)]
    private static partial Regex FrameRegex();

    // x86 "RIP: 0010:i40e_setup_tx_descriptors+0x7/0xb0 [i40e]", older "IP: [<ffffffffa060e3c8>] ixgbe_clean_rx_irq+0xa8/0x720 [ixgbe]".
    [GeneratedRegex(@"^R?IP: (?:[0-9a-fA-F]{4}:)?(?:\[<[0-9a-fA-F]+>\]\s*)?(?<fn>[A-Za-z_.$][\w.$]*)\+(?<off>0x[0-9a-fA-F]+)/(?<len>0x[0-9a-fA-F]+)(?:\s+\[(?<mod>[\w-]+)\])?", RegexOptions.CultureInvariant)]
    private static partial Regex InstructionPointerRegex();

    // arm "[<80109930>] (unwind_backtrace) from [<80106bc4>] (show_stack+0x20/0x24)": the callee is the first.
    [GeneratedRegex(@"^\s*\[<[0-9a-fA-F]+>\] \((?<fn>[\w.$]+)(?:\+(?<off>0x[0-9a-fA-F]+)/(?<len>0x[0-9a-fA-F]+))?(?: \[(?<mod>[\w-]+)\])?\) from ", RegexOptions.CultureInvariant)]
    private static partial Regex ArmFrameRegex();

    [GeneratedRegex(@"^\s*(?:</?(?:IRQ|EOI|NMI|TASK|SOFTIRQ)>\s*)+$|^\s*(?:irq event stamp|hardirqs last|softirqs last|Kernel Offset|Exception stack|Stack ?:|Code:|Workqueue:|Backtrace:)", RegexOptions.CultureInvariant)]
    private static partial Regex ContextMarkerRegex();

    // "RIP: 0010:dev_watchdog+0x…", "RSP: 0018:…", "R10: …", " r7:ffffffff r6:00000000", "1ec0: 0000 …", "pc : …", "lr : …".
    [GeneratedRegex(@"^\s*(?:[A-Z][A-Z0-9]{1,3}:\s|[a-z]{1,3}\d{0,2}\s*:\s?[0-9a-f]|[0-9a-f]{3,4}:\s+[0-9a-f]|r\d{1,2}:[0-9a-f])", RegexOptions.CultureInvariant)]
    private static partial Regex RegisterRegex();

    [GeneratedRegex(@"^\s*(?:[0-9a-fA-F]{8,16}\s+){1,8}[0-9a-fA-F]{8,16}\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex HexWordsRegex();

    // Continuation of "Modules linked in:": indented module names only (the seed's second line).
    [GeneratedRegex(@"^\s+[\w()\[\]:.-]+(?:\s+[\w()\[\]:.-]+)*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ModulesContinuationRegex();

    [GeneratedRegex(@"\[last unloaded: [^\]]*\]", RegexOptions.CultureInvariant)]
    private static partial Regex LastUnloadedRegex();
}
