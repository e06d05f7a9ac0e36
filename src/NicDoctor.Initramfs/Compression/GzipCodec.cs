using System.IO.Compression;
using System.Runtime.InteropServices;
using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// gzip. Primary path: the system zlib through P/Invoke, consuming input straight from the
/// reader's buffer, so the member end is exact and whatever follows is parsed. Fallback when
/// libz.so.1 is missing: BCL <c>GZipStream</c>, which reads ahead, so the member is assumed to
/// run to the end of the image (like 3cpio); the segment says so in its detail.
/// </summary>
internal sealed class GzipCodec : CompressionCodec
{
    public override CompressionMethod Method => CompressionMethod.Gzip;
    public override string Name => "gzip";

    public override DecompressionStream Open(ForwardReader input, CodecErrorContext errors) =>
        ZlibNative.IsAvailable ? new ZlibGzipStream(input, errors) : new ManagedGzipStream(input, errors);

    private sealed unsafe class ZlibGzipStream : DecompressionStream
    {
        private readonly ForwardReader _input;
        private readonly CodecErrorContext _errors;
        private ZlibNative.ZStream* _z;
        private bool _done;

        public ZlibGzipStream(ForwardReader input, CodecErrorContext errors)
        {
            _input = input;
            _errors = errors;
            // zlib keeps a back-pointer to the z_stream, so it must not move: native memory.
            _z = (ZlibNative.ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZlibNative.ZStream));
            byte* version = stackalloc byte[] { (byte)'1', (byte)'.', (byte)'2', (byte)'.', (byte)'1', (byte)'1', 0 };
            int rc = ZlibNative.InflateInit2(_z, ZlibNative.GzipWindowBits, version, sizeof(ZlibNative.ZStream));
            if (rc != ZlibNative.Ok)
            {
                NativeMemory.Free(_z);
                _z = null;
                throw new InvalidOperationException($"zlib inflateInit2 failed ({rc})");
            }
        }

        public override int Read(Span<byte> buffer)
        {
            if (_done || buffer.IsEmpty)
                return 0;
            ObjectDisposedException.ThrowIf(_z is null, this);
            while (true)
            {
                if (_input.BufferedCount == 0 && !_input.FillMore())
                    throw _errors.Truncated(_input.Position);
                ReadOnlySpan<byte> source = _input.Buffered;
                int rc;
                int consumed;
                int produced;
                fixed (byte* src = source)
                fixed (byte* dst = buffer)
                {
                    _z->NextIn = src;
                    _z->AvailIn = (uint)source.Length;
                    _z->NextOut = dst;
                    _z->AvailOut = (uint)buffer.Length;
                    rc = ZlibNative.Inflate(_z, ZlibNative.NoFlush);
                    consumed = source.Length - (int)_z->AvailIn;
                    produced = buffer.Length - (int)_z->AvailOut;
                }
                _input.Advance(consumed);
                if (rc == ZlibNative.StreamEnd)
                {
                    _done = true;
                    return produced;
                }
                if (rc is not (ZlibNative.Ok or ZlibNative.BufError))
                {
                    string message = _z->Msg is null ? $"zlib error {rc}" : Marshal.PtrToStringUTF8((nint)_z->Msg) ?? $"zlib error {rc}";
                    throw _errors.Corrupt(_input.Position, message);
                }
                if (produced > 0)
                    return produced;
                if (consumed == 0 && !_input.FillMore())
                    throw _errors.Truncated(_input.Position);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (_z is not null)
            {
                ZlibNative.InflateEnd(_z);
                NativeMemory.Free(_z);
                _z = null;
            }
            base.Dispose(disposing);
        }
    }

    private sealed class ManagedGzipStream(ForwardReader input, CodecErrorContext errors) : DecompressionStream
    {
        private readonly GZipStream _gzip = new(new ForwardReaderStream(input), CompressionMode.Decompress, leaveOpen: true);

        public override string? Detail => "libz.so.1 not found: member assumed to extend to the end of the image";

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return _gzip.Read(buffer);
            }
            catch (InvalidDataException ex)
            {
                throw errors.Corrupt(input.Position, ex.Message, ex);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _gzip.Dispose();
            base.Dispose(disposing);
        }
    }
}
