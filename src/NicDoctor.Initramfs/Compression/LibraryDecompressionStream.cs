using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// Adapts a library decoder (SharpCompress) that reads byte-exactly from a stream: its input is a
/// <see cref="ForwardReaderStream"/>, so the reader's position is the member end once it is done.
/// Any failure inside the library becomes a format exception with the compressed offset.
/// </summary>
internal class LibraryDecompressionStream(ForwardReader input, CodecErrorContext errors, Func<Stream, Stream> open) : DecompressionStream
{
    private Stream? _decoder;
    private bool _done;

    protected ForwardReader Input => input;

    protected Stream? Decoder => _decoder;

    public override int Read(Span<byte> buffer)
    {
        if (_done || buffer.IsEmpty)
            return 0;
        try
        {
            _decoder ??= open(new ForwardReaderStream(input));
            int n = _decoder.Read(buffer);
            if (n == 0)
                _done = true;
            return n;
        }
        catch (CpioFormatException)
        {
            throw;
        }
        catch (EndOfStreamException)
        {
            throw errors.Truncated(input.Position);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw errors.Corrupt(input.Position, ex.Message, ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _decoder?.Dispose();
        base.Dispose(disposing);
    }
}
