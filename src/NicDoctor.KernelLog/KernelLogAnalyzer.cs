using System.Text;
using NicDoctor.KernelLog.Extraction;
using NicDoctor.KernelLog.Scanning;

namespace NicDoctor.KernelLog;

/// <summary>
/// Reads kernel logs in any framing (dmesg raw/-T/iso, syslog, RFC 5424, journal short/iso/precise/json,
/// /dev/kmsg, gzip-compressed files of any of these) and reports NIC-hang, link, firmware,
/// module-load and WARNING/BUG events with their original lines. Streaming: memory does not grow
/// with the input. Never throws on bad content; oddities become <see cref="LogDiagnostic"/>s.
/// </summary>
public sealed class KernelLogAnalyzer(KernelLogOptions? options = null)
{
    public KernelLogOptions Options { get; } = options ?? new KernelLogOptions();

    /// <summary>The literal substrings a line must contain to be looked at (the prefilter), for comparisons such as bench/log.sh.</summary>
    public static IReadOnlyList<string> Triggers => Patterns.PatternTable.Triggers;

    /// <summary>Scans <paramref name="reader"/>; each event goes to <paramref name="onEvent"/> as soon as it is complete.</summary>
    public KernelLogScan Scan(TextReader reader, string sourceName, Action<KernelEvent> onEvent)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(onEvent);
        var diagnostics = new DiagnosticBag(Options.MaxDiagnostics);
        var assembler = new EventAssembler(sourceName, Options, onEvent, diagnostics);
        long lines = LineScanner.Scan(reader, sourceName, Options, assembler, diagnostics);
        if (diagnostics.Dropped > 0)
        {
            diagnostics.Items.Add(new LogDiagnostic(LogDiagnosticId.TooManyDiagnostics, sourceName, lines,
                $"{diagnostics.Dropped} more diagnostics not shown"));
        }
        return new KernelLogScan { Source = sourceName, Lines = lines, Diagnostics = diagnostics.Items, DiagnosticsDropped = diagnostics.Dropped };
    }

    /// <summary>Scans a stream (gzip detected by its magic bytes) as UTF-8 text.</summary>
    public KernelLogScan Scan(Stream stream, string sourceName, Action<KernelEvent> onEvent)
    {
        using TextReader reader = KernelLogSource.OpenText(stream, leaveOpen: true);
        return Scan(reader, sourceName, onEvent);
    }

    /// <summary>Scans a file (plain or gzip).</summary>
    public KernelLogScan ScanFile(string path, Action<KernelEvent> onEvent)
    {
        using FileStream file = File.OpenRead(path);
        return Scan(file, path, onEvent);
    }

    /// <summary>Scans the running host's kernel log (<see cref="LiveKernelLog"/>) under <paramref name="root"/>.</summary>
    public KernelLogScan ScanLive(string root, Action<KernelEvent> onEvent)
    {
        using TextReader reader = LiveKernelLog.Open(root, out string source);
        return Scan(reader, source, onEvent);
    }

    /// <summary>Convenience for small inputs: all events in a list.</summary>
    public (List<KernelEvent> Events, KernelLogScan Scan) Analyze(TextReader reader, string sourceName)
    {
        var events = new List<KernelEvent>();
        KernelLogScan scan = Scan(reader, sourceName, events.Add);
        return (events, scan);
    }

    /// <summary>Convenience for tests and small inputs.</summary>
    public (List<KernelEvent> Events, KernelLogScan Scan) Analyze(string text, string sourceName = "-")
    {
        using var reader = new StringReader(text);
        return Analyze(reader, sourceName);
    }

    /// <summary>UTF-8 with replacement of invalid bytes (never throws on bad bytes).</summary>
    internal static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
}
