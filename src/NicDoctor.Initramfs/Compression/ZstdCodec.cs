using NicDoctor.Initramfs.IO;
using ZstdSharp.Unsafe;

namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// zstd via ZstdSharp's streaming decoder, one frame per member: <c>ZSTD_decompressStream</c>
/// returns 0 exactly at the frame end and reports how much input it used.
/// </summary>
internal sealed class ZstdCodec : CompressionCodec
{
    public override CompressionMethod Method => CompressionMethod.Zstd;
    public override string Name => "zstd";

    public override DecompressionStream Open(ForwardReader input, CodecErrorContext errors) => new ZstdFrameStream(input, errors);

    private sealed unsafe class ZstdFrameStream : DecompressionStream
    {
        private readonly ForwardReader _input;
        private readonly CodecErrorContext _errors;
        private ZSTD_DCtx_s* _context;
        private bool _done;

        public ZstdFrameStream(ForwardReader input, CodecErrorContext errors)
        {
            _input = input;
            _errors = errors;
            _context = Methods.ZSTD_createDCtx();
            // The kernel allows windows up to 128 MiB (ZSTD_WINDOWLOG_MAX_32 is 30; be as lenient).
            Methods.ZSTD_DCtx_setParameter(_context, ZSTD_dParameter.ZSTD_d_windowLogMax, 31);
        }

        public override int Read(Span<byte> buffer)
        {
            if (_done || buffer.IsEmpty)
                return 0;
            ObjectDisposedException.ThrowIf(_context is null, this);
            while (true)
            {
                if (_input.BufferedCount == 0 && !_input.FillMore())
                    throw _errors.Truncated(_input.Position);
                ReadOnlySpan<byte> source = _input.Buffered;
                nuint rc;
                int consumed;
                int produced;
                fixed (byte* src = source)
                fixed (byte* dst = buffer)
                {
                    var inBuffer = new ZSTD_inBuffer_s { src = src, size = (nuint)source.Length, pos = 0 };
                    var outBuffer = new ZSTD_outBuffer_s { dst = dst, size = (nuint)buffer.Length, pos = 0 };
                    rc = Methods.ZSTD_decompressStream(_context, &outBuffer, &inBuffer);
                    consumed = (int)inBuffer.pos;
                    produced = (int)outBuffer.pos;
                }
                _input.Advance(consumed);
                if (Methods.ZSTD_isError(rc))
                    throw _errors.Corrupt(_input.Position, Methods.ZSTD_getErrorName(rc));
                if (rc == 0)
                {
                    _done = true;
                    return produced;
                }
                if (produced > 0)
                    return produced;
                if (consumed == 0 && !_input.FillMore())
                    throw _errors.Truncated(_input.Position);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (_context is not null)
            {
                Methods.ZSTD_freeDCtx(_context);
                _context = null;
            }
            base.Dispose(disposing);
        }
    }
}
