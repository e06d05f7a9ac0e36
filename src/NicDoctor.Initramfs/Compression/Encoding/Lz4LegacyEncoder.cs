using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace NicDoctor.Initramfs.Compression.Encoding;

/// <summary>
/// lz4 legacy framing (<c>lz4 -l</c>), the only lz4 the kernel decodes: magic 0x184C2102, then
/// blocks of u32 size + LZ4 block, 8 MiB of input each. Block compression by K4os.
/// </summary>
internal sealed class Lz4LegacyEncoder : CompressionEncoder
{
    public override CompressionMethod Method => CompressionMethod.Lz4;
    public override string Name => "lz4";
    public override int DefaultLevel => 9; // dracut: lz4 -l -9
    public override int MinLevel => 1;
    public override int MaxLevel => 12;

    public override Stream Open(Stream destination, int level) => new BlockStream(destination, level < 3 ? LZ4Level.L00_FAST : (LZ4Level)level);

    private sealed class BlockStream(Stream destination, LZ4Level level) : CompressingStream
    {
        private const int BlockSize = 8 << 20;
        private readonly byte[] _block = ArrayPool<byte>.Shared.Rent(BlockSize);
        private int _filled;
        private bool _headerWritten;
        private bool _disposed;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                int n = Math.Min(buffer.Length, BlockSize - _filled);
                buffer[..n].CopyTo(_block.AsSpan(_filled));
                _filled += n;
                buffer = buffer[n..];
                if (_filled == BlockSize)
                    FlushBlock();
            }
        }

        private void FlushBlock()
        {
            if (!_headerWritten)
            {
                Span<byte> magic = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(magic, 0x184C2102);
                destination.Write(magic);
                _headerWritten = true;
            }
            if (_filled == 0)
                return;
            byte[] packed = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(_filled) + 4);
            try
            {
                int size = LZ4Codec.Encode(_block.AsSpan(0, _filled), packed.AsSpan(4), level);
                BinaryPrimitives.WriteUInt32LittleEndian(packed, (uint)size);
                destination.Write(packed, 0, size + 4);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(packed);
            }
            _filled = 0;
        }

        public override void Flush()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                FlushBlock();
                ArrayPool<byte>.Shared.Return(_block);
            }
            base.Dispose(disposing);
        }
    }
}
