using System.Runtime.InteropServices;
using NicDoctor.Initramfs.Compression.Native;
using NicDoctor.Initramfs.IO;
using ZstdSharp.Unsafe;

namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// zstd, one frame per member: <c>ZSTD_decompressStream</c> returns 0 exactly at the frame end and
/// reports how much input it used. The system libzstd when it loads (about twice as fast),
/// else ZstdSharp, the same algorithm ported to C#.
/// </summary>
internal sealed class ZstdCodec : CompressionCodec
{
    // The kernel allows windows up to 128 MiB (ZSTD_WINDOWLOG_MAX_32 is 30); be as lenient.
    private const int WindowLogMax = 31;

    public override CompressionMethod Method => CompressionMethod.Zstd;
    public override string Name => "zstd";

    public override DecompressionStream Open(ForwardReader input, CodecErrorContext errors) =>
        NativeCodecs.Zstd ? new NativeFrameStream(input, errors) : new ManagedFrameStream(input, errors);

    private sealed unsafe class NativeFrameStream : StepDecompressionStream
    {
        private nint _context;

        public NativeFrameStream(ForwardReader input, CodecErrorContext errors) : base(input, errors)
        {
            _context = ZstdNative.CreateDCtx();
            if (_context == 0)
                throw new OutOfMemoryException("ZSTD_createDCtx failed");
            ZstdNative.SetParameter(_context, ZstdNative.WindowLogMax, WindowLogMax);
        }

        protected override bool Step(byte* source, int sourceLength, byte* destination, int destinationLength,
            out int consumed, out int produced, out string? problem)
        {
            ObjectDisposedException.ThrowIf(_context == 0, this);
            var inBuffer = new ZstdNative.InBuffer { Src = source, Size = (nuint)sourceLength };
            var outBuffer = new ZstdNative.OutBuffer { Dst = destination, Size = (nuint)destinationLength };
            nuint rc = ZstdNative.DecompressStream(_context, &outBuffer, &inBuffer);
            consumed = (int)inBuffer.Pos;
            produced = (int)outBuffer.Pos;
            problem = ZstdNative.IsError(rc) != 0 ? Marshal.PtrToStringUTF8((nint)ZstdNative.GetErrorName(rc)) ?? "zstd error" : null;
            return problem is null && rc == 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (_context != 0)
            {
                ZstdNative.FreeDCtx(_context);
                _context = 0;
            }
            base.Dispose(disposing);
        }
    }

    private sealed unsafe class ManagedFrameStream : StepDecompressionStream
    {
        private ZSTD_DCtx_s* _context;

        public ManagedFrameStream(ForwardReader input, CodecErrorContext errors) : base(input, errors)
        {
            _context = Methods.ZSTD_createDCtx();
            Methods.ZSTD_DCtx_setParameter(_context, ZSTD_dParameter.ZSTD_d_windowLogMax, WindowLogMax);
        }

        protected override bool Step(byte* source, int sourceLength, byte* destination, int destinationLength,
            out int consumed, out int produced, out string? problem)
        {
            ObjectDisposedException.ThrowIf(_context is null, this);
            var inBuffer = new ZSTD_inBuffer_s { src = source, size = (nuint)sourceLength, pos = 0 };
            var outBuffer = new ZSTD_outBuffer_s { dst = destination, size = (nuint)destinationLength, pos = 0 };
            nuint rc = Methods.ZSTD_decompressStream(_context, &outBuffer, &inBuffer);
            consumed = (int)inBuffer.pos;
            produced = (int)outBuffer.pos;
            problem = Methods.ZSTD_isError(rc) ? Methods.ZSTD_getErrorName(rc) : null;
            return problem is null && rc == 0;
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
