using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NicDoctor.Initramfs.Compression.Native;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace NicDoctor.Initramfs.Compression.Encoding;

/// <summary>
/// zstd, one frame with its content checksum, multi-threaded. The system libzstd when it loads:
/// its workers use every core, where ZstdSharp's reach about 1.1 (repacking a 135 MB dracut main
/// part at level 9: 1.9 s against 3.7 s on 2 cores, docs/performance.md). ZstdSharp otherwise.
/// </summary>
internal sealed class ZstdEncoder : CompressionEncoder
{
    public override CompressionMethod Method => CompressionMethod.Zstd;
    public override string Name => "zstd";
    public override int DefaultLevel => 15; // dracut: zstd -15 -q -T0
    public override int MinLevel => 1;
    public override int MaxLevel => 19;     // ultra levels need windows the kernel's ZSTD_WINDOWLOG_MAX still allows, but we stay conservative

    // Always the multi-threaded format, even with one core: zstd's output is the same for any
    // nbWorkers >= 1 (but differs from 0), so an image is reproducible across machines with the
    // same library.
    private static int Workers => Math.Max(1, Environment.ProcessorCount);

    public override Stream Open(Stream destination, int level)
    {
        if (NativeCodecs.ZstdEncoder && NativeEncoderStream.TryOpen(destination, level) is { } native)
            return native;
        var stream = new CompressionStream(destination, level, leaveOpen: true);
        stream.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        stream.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, Workers);
        return stream;
    }

    /// <summary>
    /// The level to re-encode a zstd frame with, from its header: zstd stores no level, but the
    /// window size narrows it down. For inputs over 256 KiB zstd's level table gives a 512 KiB
    /// window at level 1, 1 MiB at 2, 2 MiB at 3-8, 4 MiB at 9-16 (mkinitramfs' -9, dracut's -15),
    /// 8 MiB at 17-19; the fastest level of that family is returned. Null when the header does not
    /// say (a single-segment frame sized by its content, or a window zstd's levels never choose).
    /// </summary>
    public static int? LevelForFrame(ReadOnlySpan<byte> header)
    {
        if (header.Length < 6 || BinaryPrimitives.ReadUInt32LittleEndian(header) != 0xFD2FB528)
            return null;
        byte descriptor = header[4];
        if ((descriptor & 0x20) != 0)
            return null; // Single_Segment: the window is the content size
        byte window = header[5];
        if ((window & 7) != 0)
            return null; // a mantissa: not a power of two, not a level's window
        return (10 + (window >> 3)) switch
        {
            19 => 1,
            20 => 2,
            21 => 3,
            22 => 9,
            23 => 17,
            _ => null,
        };
    }

    /// <summary>libzstd's <c>ZSTD_compressStream2</c> as a write-only stream.</summary>
    private sealed unsafe class NativeEncoderStream : CompressingStream
    {
        private readonly Stream _destination;
        private readonly byte[] _in = new byte[1 << 20];
        private readonly byte[] _out = new byte[1 << 17];
        private int _inLength;
        private nint _context;

        private NativeEncoderStream(Stream destination, nint context)
        {
            _destination = destination;
            _context = context;
        }

        /// <summary>Null when the library refuses the parameters (a build without threads): ZstdSharp is used instead.</summary>
        public static NativeEncoderStream? TryOpen(Stream destination, int level)
        {
            nint context = ZstdNative.CreateCCtx();
            if (context == 0)
                throw new OutOfMemoryException("ZSTD_createCCtx failed");
            if (ZstdNative.IsError(ZstdNative.SetCParameter(context, ZstdNative.CompressionLevel, level)) != 0
                || ZstdNative.IsError(ZstdNative.SetCParameter(context, ZstdNative.ChecksumFlag, 1)) != 0
                || ZstdNative.IsError(ZstdNative.SetCParameter(context, ZstdNative.NbWorkers, Workers)) != 0)
            {
                ZstdNative.FreeCCtx(context);
                return null;
            }
            return new NativeEncoderStream(destination, context);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            ObjectDisposedException.ThrowIf(_context == 0, this);
            // cpio arrives in small writes (110-byte headers, names); each encoder call takes the
            // workers' locks, so input is gathered into 1 MiB calls.
            while (!buffer.IsEmpty)
            {
                int n = Math.Min(buffer.Length, _in.Length - _inLength);
                buffer[..n].CopyTo(_in.AsSpan(_inLength));
                _inLength += n;
                buffer = buffer[n..];
                if (_inLength == _in.Length)
                    Compress(ZstdNative.Continue);
            }
        }

        /// <summary>Feeds the gathered input to the encoder; with <see cref="ZstdNative.End"/>, also ends the frame.</summary>
        private void Compress(int endOp)
        {
            fixed (byte* source = _in)
            {
                var input = new ZstdNative.InBuffer { Src = source, Size = (nuint)_inLength };
                while (true)
                {
                    nuint toFlush = Step(&input, endOp);
                    if (endOp == ZstdNative.End ? toFlush == 0 : input.Pos == input.Size)
                        break;
                }
            }
            _inLength = 0;
        }

        /// <summary>One call of the encoder; writes what it produced and returns what is left to flush.</summary>
        private nuint Step(ZstdNative.InBuffer* input, int endOp)
        {
            fixed (byte* destination = _out)
            {
                var output = new ZstdNative.OutBuffer { Dst = destination, Size = (nuint)_out.Length };
                nuint rc = ZstdNative.CompressStream2(_context, &output, input, endOp);
                if (ZstdNative.IsError(rc) != 0)
                    throw new IOException($"zstd encoding failed: {Marshal.PtrToStringUTF8((nint)ZstdNative.GetErrorName(rc))}");
                _destination.Write(_out, 0, (int)output.Pos);
                return rc;
            }
        }

        public override void Flush()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (_context != 0)
            {
                try
                {
                    if (disposing)
                        Compress(ZstdNative.End);
                }
                finally
                {
                    ZstdNative.FreeCCtx(_context);
                    _context = 0;
                }
            }
            base.Dispose(disposing);
        }
    }
}
