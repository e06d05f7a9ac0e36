using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NicDoctor.KernelLog;

namespace NicDoctor.Cli.Commands.Log;

/// <summary>
/// Streams <c>log --json</c> events as UTF-8: each event is serialised by one reused
/// <see cref="Utf8JsonWriter"/> into a pooled buffer. When the output is the process's stdout the
/// bytes go straight to it through a 1 MiB buffer (the console writer flushes, and re-encodes,
/// every call; a dense log has hundreds of thousands of events); otherwise they are decoded
/// into the given writer (tests capture output in a <see cref="StringWriter"/>). Serialising is a
/// fifth of <c>log --json</c>'s work on a dense log, so it runs on its own thread: events go over
/// in batches through a small bounded queue (memory stays flat) and come out in order.
/// </summary>
internal sealed class JsonEventWriter : IDisposable
{
    private const int FlushThreshold = 1 << 20;
    private static readonly byte[] FirstSeparator = "\n    "u8.ToArray();
    private static readonly byte[] Separator = ",\n    "u8.ToArray();

    private readonly TextWriter text;
    private readonly Stream? stdout;
    private readonly ArrayBufferWriter<byte> buffer = new(FlushThreshold + (64 * 1024));
    private readonly Utf8JsonWriter writer;
    // 16 batches of 256: deep enough that the scan runs ahead while this thread waits for a CPU (a few MB).
    private const int BatchSize = 256;
    private readonly BlockingCollection<List<KernelEvent>> batches = new(boundedCapacity: 16);
    private readonly BlockingCollection<List<KernelEvent>> spare = new(boundedCapacity: 18);
    private readonly Thread serializer;
    private List<KernelEvent> batch = new(BatchSize);
    private long serialized;
    private volatile Exception? failure;

    public JsonEventWriter(TextWriter text)
    {
        this.text = text;
        if (ReferenceEquals(text, Console.Out))
        {
            // What the text writer already holds ("{ "events": [") must come first.
            text.Flush();
            stdout = Console.OpenStandardOutput();
        }
        // The same escaping as LogJsonContext.Readable: log text keeps < > + readable.
        writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        serializer = new Thread(Serialize) { IsBackground = true, Name = "nicdoctor log json" };
        serializer.Start();
    }

    /// <summary>Events written so far.</summary>
    public long Count { get; private set; }

    /// <summary>Queues <paramref name="ev"/>; the event must not change afterwards (the analyzer never touches an emitted event).</summary>
    public void Write(KernelEvent ev)
    {
        if (failure is { } failed)
            ExceptionDispatchInfo.Throw(failed);
        Count++;
        batch.Add(ev);
        if (batch.Count == BatchSize)
        {
            batches.Add(batch);
            batch = spare.TryTake(out List<KernelEvent>? reused) ? reused : new List<KernelEvent>(BatchSize);
        }
    }

    /// <summary>Writes out everything queued; the text writer may be used again afterwards.</summary>
    public void Dispose()
    {
        if (batch.Count > 0)
            batches.Add(batch);
        batches.CompleteAdding();
        serializer.Join();
        writer.Dispose();
        if (failure is { } failed)
            ExceptionDispatchInfo.Throw(failed);
    }

    private void Serialize()
    {
        try
        {
            foreach (List<KernelEvent> events in batches.GetConsumingEnumerable())
            {
                foreach (KernelEvent ev in events)
                {
                    buffer.Write(serialized == 0 ? FirstSeparator : Separator);
                    serialized++;
                    JsonSerializer.Serialize(writer, ev, LogJsonContext.Readable.KernelEvent);
                    writer.Flush();
                    writer.Reset();
                    if (buffer.WrittenCount >= FlushThreshold)
                        Drain();
                }
                events.Clear();
                spare.TryAdd(events);
            }
            Drain();
            stdout?.Flush();
        }
        catch (Exception ex)
        {
            // E.g. stdout closed: the next Write or Dispose on the scanning thread rethrows it.
            failure = ex;
            foreach (List<KernelEvent> _ in batches.GetConsumingEnumerable())
            {
                // Keep taking, so that the producer never blocks on a full queue.
            }
        }
    }

    private void Drain()
    {
        if (buffer.WrittenCount == 0)
            return;
        if (stdout is not null)
            stdout.Write(buffer.WrittenSpan);
        else
            text.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        buffer.ResetWrittenCount();
    }
}
