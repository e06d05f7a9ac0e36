using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// The one input loop for streaming decoders (zlib, libzstd, liblzma, ZstdSharp): each
/// <see cref="Step"/> decodes straight from the reader's buffer into the caller's, and the reader
/// advances by exactly what the decoder consumed, so it sits on the member's last byte + 1 at the end.
/// </summary>
internal abstract unsafe class StepDecompressionStream(ForwardReader input, CodecErrorContext errors) : DecompressionStream
{
    private bool _done;

    protected ForwardReader Input => input;

    protected CodecErrorContext Errors => errors;

    /// <summary>
    /// One decoder call. Returns true when the member ended. For corrupt data it sets
    /// <paramref name="problem"/>; the error then names the offset after what was consumed.
    /// </summary>
    protected abstract bool Step(byte* source, int sourceLength, byte* destination, int destinationLength,
        out int consumed, out int produced, out string? problem);

    public override int Read(Span<byte> buffer)
    {
        if (_done || buffer.IsEmpty)
            return 0;
        while (true)
        {
            if (input.BufferedCount == 0 && !input.FillMore())
                throw errors.Truncated(input.Position);
            ReadOnlySpan<byte> source = input.Buffered;
            bool end;
            int consumed;
            int produced;
            string? problem;
            fixed (byte* src = source)
            fixed (byte* dst = buffer)
            {
                end = Step(src, source.Length, dst, buffer.Length, out consumed, out produced, out problem);
            }
            input.Advance(consumed);
            if (problem is not null)
                throw errors.Corrupt(input.Position, problem);
            if (end)
            {
                _done = true;
                return produced;
            }
            if (produced > 0)
                return produced;
            if (consumed == 0 && !input.FillMore())
                throw errors.Truncated(input.Position);
        }
    }
}
