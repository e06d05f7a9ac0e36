using System.Runtime.InteropServices;
using NicDoctor.Initramfs.Compression.Native;

namespace NicDoctor.Initramfs.Compression.Encoding;

/// <summary>
/// xz through the system liblzma with the crc32 check the kernel's xz decoder requires
/// (<c>xz --check=crc32</c>, as dracut calls it), multi-threaded when there is more than one core.
/// </summary>
internal sealed class XzEncoder : CompressionEncoder
{
    public override CompressionMethod Method => CompressionMethod.Xz;
    public override string Name => "xz";
    public override int DefaultLevel => 6; // dracut: xz --check=crc32 --lzma2=dict=1MiB (preset 6's filter otherwise)
    public override int MinLevel => 0;
    public override int MaxLevel => 9;

    public override unsafe Stream Open(Stream destination, int level) => new EncoderStream(destination, stream =>
    {
        // Always the multi-threaded (block) encoder, even with one core: its output depends on the
        // block size, not on the thread count, so an image is reproducible across machines.
        var mt = new LzmaNative.LzmaMt { Threads = (uint)Math.Max(1, Environment.ProcessorCount), Preset = (uint)level, Check = LzmaNative.CheckCrc32 };
        return LzmaNative.StreamEncoderMt(stream, &mt);
    }, $"xz preset {level}");

    /// <summary>A liblzma encoder (xz or .lzma) as a write-only stream; <c>start</c> initialises the lzma_stream.</summary>
    internal sealed unsafe class EncoderStream : CompressingStream
    {
        private readonly Stream _destination;
        private readonly byte[] _out = new byte[256 * 1024];
        private LzmaNative.LzmaStream* _stream;
        private bool _disposed;

        public EncoderStream(Stream destination, Func<nint, int> start, string what)
        {
            _destination = destination;
            _stream = (LzmaNative.LzmaStream*)NativeMemory.AllocZeroed((nuint)sizeof(LzmaNative.LzmaStream));
            int ret = start((nint)_stream);
            if (ret != LzmaNative.Ok)
            {
                NativeMemory.Free(_stream);
                _stream = null;
                throw new IOException($"liblzma refused to start the {what} encoder: lzma_ret {ret}");
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            fixed (byte* input = buffer)
            {
                _stream->NextIn = input;
                _stream->AvailIn = (nuint)buffer.Length;
                while (_stream->AvailIn > 0)
                    Step(LzmaNative.Run);
                _stream->NextIn = null;
            }
        }

        private int Step(int action)
        {
            fixed (byte* output = _out)
            {
                _stream->NextOut = output;
                _stream->AvailOut = (nuint)_out.Length;
                int ret = LzmaNative.Code(_stream, action);
                if (ret is not (LzmaNative.Ok or LzmaNative.StreamEnd))
                    throw new IOException($"liblzma encoding failed: lzma_ret {ret}");
                int produced = _out.Length - (int)_stream->AvailOut;
                _destination.Write(_out, 0, produced);
                return ret;
            }
        }

        public override void Flush()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (!_disposed && _stream is not null)
            {
                _disposed = true;
                try
                {
                    if (disposing)
                    {
                        while (Step(LzmaNative.Finish) != LzmaNative.StreamEnd)
                        {
                        }
                    }
                }
                finally
                {
                    LzmaNative.End(_stream);
                    NativeMemory.Free(_stream);
                    _stream = null;
                }
            }
            base.Dispose(disposing);
        }
    }
}
