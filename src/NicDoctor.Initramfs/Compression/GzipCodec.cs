using System.IO.Compression;
using System.Runtime.InteropServices;
using NicDoctor.Initramfs.Compression.Native;
using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// gzip. Primary path: zlib-ng's inflate from .NET's own System.IO.Compression.Native, then the
/// system zlib (libz.so.1), both consuming input straight from the reader's buffer, so the member
/// end is exact and whatever follows is parsed. Last fallback: BCL <c>GZipStream</c>, which reads
/// ahead, so the member is assumed to run to the end of the image (like 3cpio); the segment says
/// so in its detail.
/// </summary>
internal sealed unsafe class GzipCodec : CompressionCodec
{
    public override CompressionMethod Method => CompressionMethod.Gzip;
    public override string Name => "gzip";

    public override DecompressionStream Open(ForwardReader input, CodecErrorContext errors) =>
        NativeCodecs.ZlibNg ? new ZlibNgGzipStream(input, errors)
        : NativeCodecs.Zlib ? new ZlibGzipStream(input, errors)
        : new ManagedGzipStream(input, errors);

    private static string? Problem(int rc, byte* message) =>
        rc is ZlibNative.Ok or ZlibNative.BufError or ZlibNative.StreamEnd ? null
        : message is null ? $"zlib error {rc}" : Marshal.PtrToStringUTF8((nint)message) ?? $"zlib error {rc}";

    private sealed unsafe class ZlibNgGzipStream : StepDecompressionStream
    {
        private ZlibNgNative.ZStream* _z;

        public ZlibNgGzipStream(ForwardReader input, CodecErrorContext errors) : base(input, errors)
        {
            _z = (ZlibNgNative.ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZlibNgNative.ZStream));
            int rc = ZlibNgNative.InflateInit2(_z, ZlibNative.GzipWindowBits);
            if (rc != ZlibNative.Ok)
            {
                NativeMemory.Free(_z);
                _z = null;
                throw new InvalidOperationException($"zlib-ng inflateInit2 failed ({rc})");
            }
        }

        protected override bool Step(byte* source, int sourceLength, byte* destination, int destinationLength,
            out int consumed, out int produced, out string? problem)
        {
            ObjectDisposedException.ThrowIf(_z is null, this);
            _z->NextIn = source;
            _z->AvailIn = (uint)sourceLength;
            _z->NextOut = destination;
            _z->AvailOut = (uint)destinationLength;
            int rc = ZlibNgNative.Inflate(_z, ZlibNative.NoFlush);
            consumed = sourceLength - (int)_z->AvailIn;
            produced = destinationLength - (int)_z->AvailOut;
            problem = Problem(rc, _z->Msg);
            return rc == ZlibNative.StreamEnd;
        }

        protected override void Dispose(bool disposing)
        {
            if (_z is not null)
            {
                ZlibNgNative.InflateEnd(_z);
                NativeMemory.Free(_z);
                _z = null;
            }
            base.Dispose(disposing);
        }
    }

    private sealed unsafe class ZlibGzipStream : StepDecompressionStream
    {
        private ZlibNative.ZStream* _z;

        public ZlibGzipStream(ForwardReader input, CodecErrorContext errors) : base(input, errors)
        {
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

        protected override bool Step(byte* source, int sourceLength, byte* destination, int destinationLength,
            out int consumed, out int produced, out string? problem)
        {
            ObjectDisposedException.ThrowIf(_z is null, this);
            _z->NextIn = source;
            _z->AvailIn = (uint)sourceLength;
            _z->NextOut = destination;
            _z->AvailOut = (uint)destinationLength;
            int rc = ZlibNative.Inflate(_z, ZlibNative.NoFlush);
            consumed = sourceLength - (int)_z->AvailIn;
            produced = destinationLength - (int)_z->AvailOut;
            problem = Problem(rc, _z->Msg);
            return rc == ZlibNative.StreamEnd;
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

        public override string? Detail => "no exact inflate loaded (zlib-ng, libz.so.1): member assumed to extend to the end of the image";

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
