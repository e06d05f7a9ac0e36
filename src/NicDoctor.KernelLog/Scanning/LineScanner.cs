using System.Buffers;
using NicDoctor.KernelLog.Extraction;
using NicDoctor.KernelLog.Patterns;

namespace NicDoctor.KernelLog.Scanning;

/// <summary>
/// The hot path. Reads characters in large chunks and, while nothing is open, jumps straight to
/// the next prefilter key (a few short substrings covering every trigger) with a vectorised
/// <see cref="SearchValues{T}"/> search over the whole chunk, then checks that line for a whole
/// trigger; lines in between are only counted (for line numbers), never split or allocated.
/// A line is materialised only when it holds a trigger or an open block/dump needs it.
/// Memory is one pooled buffer: lines longer than <see cref="KernelLogOptions.MaxLineLength"/>
/// are cut, the rest skipped.
/// </summary>
internal static class LineScanner
{
    private const int BufferChars = 256 * 1024;

    public static long Scan(TextReader reader, string source, KernelLogOptions options, EventAssembler assembler, DiagnosticBag diagnostics)
    {
        char[] buffer = ArrayPool<char>.Shared.Rent(Math.Max(BufferChars, options.MaxLineLength * 2));
        var state = new State(source, options, assembler, diagnostics);
        try
        {
            int length = 0;
            bool eof = false;
            while (!eof)
            {
                int read;
                try
                {
                    read = reader.Read(buffer, length, buffer.Length - length);
                }
                catch (InvalidDataException ex)
                {
                    throw new InvalidDataException($"{source}: line {state.LineNumber}: compressed data is corrupt ({ex.Message})", ex);
                }
                if (read == 0)
                    eof = true;
                else
                    state.CheckGarbage(buffer.AsSpan(length, read));
                length += read;
                int end = eof ? length : buffer.AsSpan(0, length).LastIndexOf('\n') + 1;
                if (end == 0)
                {
                    if (length == buffer.Length)
                    {
                        // No newline in a full buffer: one enormous line. Analyse its start, skip the rest.
                        state.OverlongChunk(buffer.AsSpan(0, length));
                        length = 0;
                    }
                    continue;
                }
                state.Region(buffer.AsSpan(0, end));
                buffer.AsSpan(end, length - end).CopyTo(buffer);
                length -= end;
            }
            assembler.Finish();
            return state.LineNumber - 1;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private sealed class State(string source, KernelLogOptions options, EventAssembler assembler, DiagnosticBag diagnostics)
    {
        private readonly SearchValues<string> keys = PatternTable.PrefilterSearch;
        private readonly SearchValues<string> triggers = PatternTable.TriggerSearch;
        private bool skippingRestOfLine;

        /// <summary>Number of the line that starts at the current position (1-based).</summary>
        public long LineNumber { get; private set; } = 1;

        public void CheckGarbage(ReadOnlySpan<char> chunk)
        {
            if (chunk.Contains('\0'))
                diagnostics.AddOnce(LogDiagnosticId.BinaryData, source, LineNumber, "NUL bytes: input looks binary; analysing it as text");
            if (chunk.Contains('\uFFFD'))
                diagnostics.AddOnce(LogDiagnosticId.InvalidUtf8, source, LineNumber, "bytes that are not UTF-8 were replaced by U+FFFD");
        }

        public void OverlongChunk(ReadOnlySpan<char> chunk)
        {
            if (!skippingRestOfLine)
            {
                Emit(chunk);
                skippingRestOfLine = true;
            }
        }

        /// <summary>Complete lines (each ends in '\n', except possibly the last at end of input).</summary>
        public void Region(ReadOnlySpan<char> region)
        {
            int p = 0;
            if (skippingRestOfLine)
            {
                int nl = region.IndexOf('\n');
                if (nl < 0)
                    return;
                p = nl + 1;
                LineNumber++;
                skippingRestOfLine = false;
            }
            while (p < region.Length)
            {
                ReadOnlySpan<char> rest = region[p..];
                if (!assembler.WantsNextLine)
                {
                    int hit = rest.IndexOfAny(keys);
                    if (hit < 0)
                    {
                        LineNumber += rest.Count('\n');
                        return;
                    }
                    int lineStart = rest[..hit].LastIndexOf('\n') + 1;
                    LineNumber += rest[..lineStart].Count('\n');
                    p += lineStart;
                    rest = region[p..];
                    int end = rest.IndexOf('\n');
                    ReadOnlySpan<char> candidate = end < 0 ? rest : rest[..end];
                    if (candidate.IndexOfAny(triggers) < 0)
                    {
                        // A key but no whole trigger: skip the line without materialising it.
                        if (end < 0)
                            return;
                        p += end + 1;
                        LineNumber++;
                        continue;
                    }
                }
                int newline = rest.IndexOf('\n');
                int lineLength = newline < 0 ? rest.Length : newline;
                Emit(rest[..lineLength]);
                p += newline < 0 ? rest.Length : newline + 1;
                LineNumber++;
            }
        }

        private void Emit(ReadOnlySpan<char> line)
        {
            if (line.Length > 0 && line[^1] == '\r')
                line = line[..^1];
            if (line.Length > options.MaxLineLength)
            {
                diagnostics.Add(LogDiagnosticId.LineTooLong, source, LineNumber,
                    $"line of {line.Length}+ characters; only the first {options.MaxLineLength} were analysed");
                line = line[..options.MaxLineLength];
            }
            assembler.Line(LineNumber, new string(line));
        }
    }
}
