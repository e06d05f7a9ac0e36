using System.Globalization;
using System.Text.RegularExpressions;
using NicDoctor.KernelLog.Framing;
using NicDoctor.KernelLog.Patterns;
using NicDoctor.KernelLog.Scanning;

namespace NicDoctor.KernelLog.Extraction;

/// <summary>
/// Turns message lines into events: matches the pattern table, collects driver register dumps,
/// assembles WARNING/BUG blocks and ties a NETDEV WATCHDOG line to the block it belongs to.
/// One instance per source; lines must come in order. It holds at most one open block, one
/// open dump and one pending event, so memory does not grow with the input.
/// </summary>
internal sealed class EventAssembler
{
    private readonly string source;
    private readonly KernelLogOptions options;
    private readonly Action<KernelEvent> emit;
    private readonly DiagnosticBag diagnostics;
    private LogFraming previousFraming = LogFraming.Bare;
    private KernelBlock? block;
    private RegisterDump? dump;
    private KernelEvent? pending;
    private bool mayMatchRow = true;

    public EventAssembler(string source, KernelLogOptions options, Action<KernelEvent> emit, DiagnosticBag diagnostics)
    {
        this.source = source;
        this.options = options;
        this.emit = emit;
        this.diagnostics = diagnostics;
    }

    /// <summary>True while the next line must be seen even if it holds no trigger (a block, dump or pending event is open).</summary>
    public bool WantsNextLine => block is not null || dump is not null || pending is not null
        || previousFraming is LogFraming.Kmsg or LogFraming.KmsgContinuation;

    /// <summary>
    /// Handles one physical line. <paramref name="holdsTrigger"/> false (the prefilter found no trigger
    /// in it, e.g. a call-trace frame inside a block) skips the row search: every row anchor is a
    /// trigger. Journal JSON and kmsg text is unescaped first, so it is searched whatever the flag.
    /// </summary>
    public void Line(long lineNumber, string raw, bool holdsTrigger = true)
    {
        FramedLine framed = LineFramer.Frame(raw, previousFraming, options.AssumedYear);
        LogFraming framing = framed.Framing;
        mayMatchRow = holdsTrigger || framing is LogFraming.JournalJson or LogFraming.Kmsg;
        if (framing == LogFraming.KmsgContinuation)
        {
            // " DEVICE=+pci:0000:1a:00.2" belongs to the record above: it names the device reliably.
            if (framed.Device is { } device && pending is not null)
                ApplyDevice(pending, device);
            previousFraming = framing;
            return;
        }
        previousFraming = framing;
        if (framed.TimestampProblem is { } problem)
        {
            diagnostics.Add(framing == LogFraming.JournalJson ? LogDiagnosticId.MalformedJournalJson : LogDiagnosticId.MalformedTimestamp,
                source, lineNumber, framing == LogFraming.JournalJson ? "not a valid journal JSON object" : $"unreadable timestamp '{Clip(problem)}'");
        }
        if (!framed.IsKernel)
            return;
        string text = framed.Text;
        if (framing == LogFraming.Kmsg && text.Contains("\\x0a", StringComparison.Ordinal))
            text = text.Replace("\\x0a", "\n", StringComparison.Ordinal);
        var position = new LogPosition(source, lineNumber, raw, framed);
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            // One record with embedded newlines (journal JSON, /dev/kmsg): each part is a message line.
            foreach (string part in text.Split('\n'))
                Text(part, position);
        }
        else
        {
            Text(text, position);
        }
    }

    /// <summary>End of input: closes what is open.</summary>
    public void Finish()
    {
        CloseDump();
        if (block is not null)
            CloseBlock(atEnd: true);
        FlushPending();
    }

    private void Text(string text, LogPosition position)
    {
        if (dump is not null)
        {
            if (dump.TryAdd(text, position))
                return;
            CloseDump();
        }
        if (block is not null)
        {
            switch (block.Offer(text, position))
            {
                case BlockLine.Structure:
                    return;
                case BlockLine.End:
                    CloseBlock(atEnd: false);
                    return;
                case BlockLine.Message:
                    KernelEvent? inside = Match(text, position, out MessagePattern? insidePattern);
                    if (inside is not null && block.Primary is null && insidePattern is { StartsDump: false })
                    {
                        block.Primary = inside;
                        block.Evidence.Add(position.Evidence());
                    }
                    else if (inside is not null)
                    {
                        Deliver(inside, insidePattern!);
                    }
                    return;
                case BlockLine.NotMine:
                    CloseBlock(atEnd: false);
                    break;
            }
        }
        if (KernelBlock.IsStart(text) || (pending is { Kind: KernelEventKind.NetdevWatchdog } && KernelBlock.IsTaskLine(text)))
        {
            block = new KernelBlock(position, options.MaxBlockLines);
            // Newer kernels print the WARN message before the WARNING line: adopt a just-seen event.
            if (pending is { Kind: KernelEventKind.NetdevWatchdog } adopted)
            {
                block.Primary = adopted;
                block.Evidence.AddRange(adopted.Evidence);
                adopted.Evidence.Clear();
                pending = null;
            }
            else
            {
                FlushPending();
            }
            block.Offer(text, position);
            return;
        }
        KernelEvent? ev = Match(text, position, out MessagePattern? pattern);
        FlushPending();
        if (ev is not null)
            Deliver(ev, pattern!);
    }

    private void Deliver(KernelEvent ev, MessagePattern pattern)
    {
        FlushPending();
        if (pattern.StartsDump)
        {
            CloseDump();
            dump = new RegisterDump(ev);
        }
        else
        {
            pending = ev;
        }
    }

    private void FlushPending()
    {
        if (pending is null)
            return;
        KernelEvent ev = pending;
        pending = null;
        emit(ev);
    }

    private void CloseDump()
    {
        if (dump is null)
            return;
        dump.Finish();
        KernelEvent ev = dump.Owner;
        dump = null;
        emit(ev);
    }

    private void CloseBlock(bool atEnd)
    {
        KernelBlock b = block!;
        block = null;
        KernelTrace trace = b.Trace;
        if (!trace.Complete && trace.CallTrace.Count > 0 && !atEnd)
            trace.Complete = true; // the trace ran to its last frame; the log just has no end marker
        if (!trace.Complete)
        {
            diagnostics.Add(LogDiagnosticId.TruncatedBlock, source, b.Start.Line,
                atEnd ? "WARNING/BUG block cut off by the end of the input" : "WARNING/BUG block ended before its call trace");
        }
        KernelEvent ev;
        if (b.Primary is { } primary)
        {
            ev = primary;
            ev.Cpu ??= trace.Cpu;
        }
        else
        {
            if (!b.HasHeader && trace.CallTrace.Count == 0)
                return; // a lone cut-here marker: nothing to report
            ev = new KernelEvent
            {
                Kind = b.IsBug ? KernelEventKind.KernelBug : KernelEventKind.KernelWarning,
                PatternId = b.IsBug ? "kernel.bug" : "kernel.warning",
                Summary = trace.Header ?? "kernel warning",
                Time = b.Start.Framed.Time,
                Host = b.Start.Framed.Host,
                Cpu = trace.Cpu,
            };
        }
        ev.Trace = trace;
        ev.Evidence.Clear();
        ev.Evidence.AddRange(b.Evidence);
        emit(ev);
    }

    private KernelEvent? Match(string text, LogPosition position, out MessagePattern? matched)
    {
        matched = null;
        if (!mayMatchRow)
            return null;
        // Which anchors the text holds, in one prefilter pass, instead of a Contains per row.
        Span<bool> present = stackalloc bool[PatternTable.Triggers.Count];
        TriggerFinder.Default.MarkPresent(text, present);
        DevicePrefix prefix = default;
        bool prefixParsed = false;
        IReadOnlyList<MessagePattern> rows = PatternTable.All;
        for (int r = 0; r < rows.Count; r++)
        {
            MessagePattern pattern = rows[r];
            if (!present[PatternTable.AnchorTrigger[r]])
                continue;
            if (!prefixParsed)
            {
                prefix = DevicePrefix.Parse(text);
                prefixParsed = true;
            }
            string body = pattern.OnFullText ? text : text[prefix.BodyStart..];
            Match m = pattern.Regex.Match(body);
            DevicePrefix used = prefix;
            if (!m.Success && body.Length != text.Length)
            {
                // The "prefix" was part of the message (bare "tx_timeout: VSI_seid: …"): try the whole text.
                m = pattern.Regex.Match(text);
                body = text;
                used = default;
            }
            if (!m.Success)
                continue;
            matched = pattern;
            return Build(pattern, m, used, body, position);
        }
        return null;
    }

    private static KernelEvent Build(MessagePattern pattern, Match m, DevicePrefix prefix, string body, LogPosition position)
    {
        FramedLine framed = position.Framed;
        var ev = new KernelEvent
        {
            Kind = pattern.Kind,
            PatternId = pattern.Id,
            Summary = Clip(body.Trim()),
            Time = framed.Time,
            Host = framed.Host,
            Driver = prefix.Driver ?? pattern.Driver,
            Interface = prefix.Interface,
            PciAddress = prefix.PciAddress,
            BusId = prefix.BusId,
        };
        foreach (Group g in m.Groups)
        {
            if (!g.Success || char.IsDigit(g.Name[0]))
                continue;
            string v = g.Value;
            switch (g.Name)
            {
                case "iface": ev.Interface = v; break;
                case "driver": ev.Driver = v; break;
                case "module": ev.Driver = v; break;
                case "queue": ev.Queue = ParseInt(v); break;
                case "cpu": ev.Cpu = ParseInt(v); break;
                case "ms": ev.TimeoutMs = ParseLong(v); break;
                case "usecs":
                    ev.TimeoutMs = ParseLong(v) / 1000;
                    ev.Fields["usecs"] = v;
                    break;
                default: ev.Fields[g.Name] = v; break;
            }
        }
        if (framed.Device is { } device)
            ApplyDevice(ev, device);
        ev.Evidence.Add(position.Evidence());
        return ev;
    }

    /// <summary>Journal/kmsg device ids: <c>+pci:0000:1a:00.2</c> gives the PCI address.</summary>
    private static void ApplyDevice(KernelEvent ev, string device)
    {
        if (device.StartsWith("+pci:", StringComparison.Ordinal))
            ev.PciAddress ??= device["+pci:".Length..];
        ev.Fields["device"] = device;
    }

    private static int? ParseInt(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static long? ParseLong(string s) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : null;

    private static string Clip(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
