using System.Buffers;
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
/// into the given writer (tests capture output in a <see cref="StringWriter"/>).
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
    }

    /// <summary>Events written so far.</summary>
    public long Count { get; private set; }

    public void Write(KernelEvent ev)
    {
        buffer.Write(Count == 0 ? FirstSeparator : Separator);
        Count++;
        JsonSerializer.Serialize(writer, ev, LogJsonContext.Readable.KernelEvent);
        writer.Flush();
        writer.Reset();
        if (buffer.WrittenCount >= FlushThreshold)
            Drain();
    }

    /// <summary>Writes out what is buffered; the text writer may be used again afterwards.</summary>
    public void Dispose()
    {
        Drain();
        stdout?.Flush();
        writer.Dispose();
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
