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

    public override Stream Open(Stream destination, int level) => new EncoderStream(destination, (uint)level);

    private sealed unsafe class EncoderStream : CompressingStream
    {
        private readonly Stream _destination;
        private readonly byte[] _out = new byte[256 * 1024];
        private LzmaNative.LzmaStream* _stream;
        private bool _disposed;

        public EncoderStream(Stream destination, uint preset)
        {
            _destination = destination;
            _stream = (LzmaNative.LzmaStream*)NativeMemory.AllocZeroed((nuint)sizeof(LzmaNative.LzmaStream));
            int threads = Environment.ProcessorCount;
            int ret;
            if (threads > 1)
            {
                var mt = new LzmaNative.LzmaMt { Threads = (uint)threads, Preset = preset, Check = LzmaNative.CheckCrc32 };
                ret = LzmaNative.StreamEncoderMt(_stream, &mt);
            }
            else
                ret = LzmaNative.EasyEncoder(_stream, preset, LzmaNative.CheckCrc32);
            if (ret != LzmaNative.Ok)
            {
                NativeMemory.Free(_stream);
                _stream = null;
                throw new IOException($"liblzma refused to start an xz encoder (preset {preset}): lzma_ret {ret}");
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
                    throw new IOException($"xz encoding failed: lzma_ret {ret}");
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
