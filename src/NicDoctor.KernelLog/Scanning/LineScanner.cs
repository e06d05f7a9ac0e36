using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using NicDoctor.KernelLog.Extraction;

namespace NicDoctor.KernelLog.Scanning;

/// <summary>
/// The hot path, as two stages on two threads. The reader thread (<see cref="Prefilter"/>) fills
/// large character chunks, cut at line boundaries, and lists the lines in each that hold a
/// trigger (<see cref="TriggerFinder"/>); lines in between are only counted, never split or
/// allocated. The calling thread walks each chunk: it jumps from trigger line to trigger line,
/// and while a block/dump/pending event is open it takes every line. So the assembler sees
/// exactly the lines a single-threaded scan would feed it, in order, and events and diagnostics
/// come out identical; callbacks run on the calling thread. Memory is <see cref="ChunksInFlight"/>
/// chunk buffers, whatever the input size; lines longer than a chunk are cut (their start is
/// analysed), the rest skipped.
/// </summary>
internal static class LineScanner
{
    private const int BufferChars = 256 * 1024;

    /// <summary>Chunks between the two threads (4 MiB): deep enough that one runs ahead while the other waits for a CPU.</summary>
    private const int ChunksInFlight = 8;

    public static long Scan(TextReader reader, string source, KernelLogOptions options, EventAssembler assembler, DiagnosticBag diagnostics)
    {
        int size = Math.Max(BufferChars, options.MaxLineLength * 2);
        // Not disposed: after a failure here the reader thread may still be blocked in a read and touch them.
        var free = new BlockingCollection<Chunk>(ChunksInFlight);
        var filled = new BlockingCollection<Chunk>(ChunksInFlight);
        for (int i = 0; i < ChunksInFlight; i++)
            free.Add(new Chunk(size));
        var stop = new CancellationTokenSource();
        var prefilter = new Prefilter(reader, source, free, filled, stop.Token);
        var thread = new Thread(prefilter.Run) { IsBackground = true, Name = "nicdoctor kernel-log prefilter" };
        thread.Start();
        var walker = new Walker(source, options, assembler, diagnostics);
        bool done = false;
        try
        {
            while (true)
            {
                Chunk chunk = filled.Take();
                if (chunk.Error is { } error)
                    ExceptionDispatchInfo.Throw(error);
                walker.Walk(chunk);
                if (chunk.IsEnd)
                {
                    assembler.Finish();
                    done = true;
                    return chunk.FirstLine - 1;
                }
                free.Add(chunk);
            }
        }
        finally
        {
            if (done)
            {
                thread.Join(); // it has posted the end chunk and is leaving
            }
            else
            {
                // Unblocks it at its next chunk hand-over; a read blocked on a pipe finishes on its own.
                stop.Cancel();
            }
        }
    }

    /// <summary>One buffer of text handed from the reader thread to the assembling thread.</summary>
    private sealed class Chunk(int size)
    {
        public char[] Text { get; } = new char[size];

        /// <summary>Text[Start..Length] are whole lines (the last one may end at end of input instead of '\n').</summary>
        public int Start { get; set; }

        public int Length { get; set; }

        /// <summary>Number of the line at <see cref="Start"/>.</summary>
        public long FirstLine { get; set; }

        /// <summary>Text[0..Length] is the start of a line longer than the chunk: analyse it once, whatever it holds.</summary>
        public bool Overlong { get; set; }

        /// <summary>End of input; <see cref="FirstLine"/> is then one past the last line.</summary>
        public bool IsEnd { get; set; }

        public Exception? Error { get; set; }

        /// <summary>Lines holding a trigger, in order.</summary>
        public List<TriggerLine> Triggers { get; } = [];

        /// <summary>Binary / invalid-UTF-8 findings of the reads into this chunk, added before its lines (as a single-threaded scan would).</summary>
        public List<(LogDiagnosticId Id, long Line)> Garbage { get; } = [];

        public void Reset()
        {
            Start = 0;
            Length = 0;
            Overlong = false;
            IsEnd = false;
            Error = null;
            Triggers.Clear();
            Garbage.Clear();
        }
    }

    /// <summary>The reader thread: reads, cuts at line boundaries, finds trigger lines, counts lines.</summary>
    private sealed class Prefilter(TextReader reader, string source, BlockingCollection<Chunk> free, BlockingCollection<Chunk> filled,
        CancellationToken stop)
    {
        private readonly TriggerFinder finder = TriggerFinder.Default;
        private bool binaryReported;
        private bool invalidUtf8Reported;

        /// <summary>Number of the line that starts at the current position (1-based).</summary>
        private long line = 1;

        public void Run()
        {
            try
            {
                Read();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The assembling side stopped (an exception there); nobody waits for more chunks.
            }
            catch (Exception ex)
            {
                try
                {
                    Chunk failed = free.Take(stop);
                    failed.Reset();
                    failed.Error = ex;
                    filled.Add(failed, stop);
                }
                catch (OperationCanceledException)
                {
                    // The assembling side is gone already.
                }
            }
        }

        private void Read()
        {
            Chunk current = Next();
            bool skippingRestOfLine = false;
            int length = 0;
            bool eof = false;
            while (!eof)
            {
                char[] buffer = current.Text;
                int read;
                try
                {
                    read = reader.Read(buffer, length, buffer.Length - length);
                }
                catch (InvalidDataException ex)
                {
                    throw new InvalidDataException($"{source}: line {line}: compressed data is corrupt ({ex.Message})", ex);
                }
                if (read == 0)
                    eof = true;
                else
                    CheckGarbage(buffer.AsSpan(length, read), current);
                length += read;
                int end = eof ? length : buffer.AsSpan(0, length).LastIndexOf('\n') + 1;
                if (end == 0)
                {
                    if (length == buffer.Length)
                    {
                        // No newline in a full buffer: one enormous line. Analyse its start, skip the rest.
                        if (!skippingRestOfLine)
                        {
                            current.Overlong = true;
                            current.Length = length;
                            current.FirstLine = line;
                            filled.Add(current, stop);
                            current = Next();
                            skippingRestOfLine = true;
                        }
                        length = 0;
                    }
                    continue;
                }
                int start = 0;
                if (skippingRestOfLine)
                {
                    int nl = buffer.AsSpan(0, end).IndexOf('\n');
                    if (nl < 0)
                    {
                        // End of input inside the overlong line.
                        length = 0;
                        continue;
                    }
                    start = nl + 1;
                    line++;
                    skippingRestOfLine = false;
                }
                current.Start = start;
                current.Length = end;
                current.FirstLine = line;
                line = finder.FindLines(buffer.AsSpan(0, end), start, line, current.Triggers);
                Chunk next = Next();
                buffer.AsSpan(end, length - end).CopyTo(next.Text);
                length -= end;
                filled.Add(current, stop);
                current = next;
            }
            current.IsEnd = true;
            current.FirstLine = line;
            filled.Add(current, stop);
        }

        private Chunk Next()
        {
            Chunk chunk = free.Take(stop);
            chunk.Reset();
            return chunk;
        }

        private void CheckGarbage(ReadOnlySpan<char> read, Chunk chunk)
        {
            if ((binaryReported && invalidUtf8Reported) || !read.ContainsAny('\0', '\uFFFD'))
                return;
            if (!binaryReported && read.Contains('\0'))
            {
                binaryReported = true;
                chunk.Garbage.Add((LogDiagnosticId.BinaryData, line));
            }
            if (!invalidUtf8Reported && read.Contains('\uFFFD'))
            {
                invalidUtf8Reported = true;
                chunk.Garbage.Add((LogDiagnosticId.InvalidUtf8, line));
            }
        }
    }

    /// <summary>The assembling side: feeds the assembler the trigger lines, and every line while it has something open.</summary>
    private sealed class Walker(string source, KernelLogOptions options, EventAssembler assembler, DiagnosticBag diagnostics)
    {
        public void Walk(Chunk chunk)
        {
            foreach ((LogDiagnosticId id, long at) in chunk.Garbage)
            {
                diagnostics.AddOnce(id, source, at, id == LogDiagnosticId.BinaryData
                    ? "NUL bytes: input looks binary; analysing it as text"
                    : "bytes that are not UTF-8 were replaced by U+FFFD");
            }
            if (chunk.IsEnd)
                return;
            ReadOnlySpan<char> region = chunk.Text.AsSpan(0, chunk.Length);
            if (chunk.Overlong)
            {
                Emit(region, chunk.FirstLine, holdsTrigger: true); // not searched: treat it as if it held one
                return;
            }
            List<TriggerLine> triggers = chunk.Triggers;
            int next = 0;
            int p = chunk.Start;
            long line = chunk.FirstLine;
            while (p < region.Length)
            {
                while (next < triggers.Count && triggers[next].Offset < p)
                    next++;
                bool holdsTrigger = next < triggers.Count && triggers[next].Offset == p;
                if (!holdsTrigger && !assembler.WantsNextLine)
                {
                    if (next == triggers.Count)
                        return;
                    (p, line) = triggers[next];
                    holdsTrigger = true;
                }
                ReadOnlySpan<char> rest = region[p..];
                int newline = rest.IndexOf('\n');
                Emit(newline < 0 ? rest : rest[..newline], line, holdsTrigger);
                p += newline < 0 ? rest.Length : newline + 1;
                line++;
            }
        }

        private void Emit(ReadOnlySpan<char> line, long number, bool holdsTrigger)
        {
            if (line.Length > 0 && line[^1] == '\r')
                line = line[..^1];
            if (line.Length > options.MaxLineLength)
            {
                diagnostics.Add(LogDiagnosticId.LineTooLong, source, number,
                    $"line of {line.Length}+ characters; only the first {options.MaxLineLength} were analysed");
                line = line[..options.MaxLineLength];
            }
            assembler.Line(number, new string(line), holdsTrigger);
        }
    }
}
