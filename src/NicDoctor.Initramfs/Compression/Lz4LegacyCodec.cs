using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;
using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// lz4 legacy format (<c>lz4 -l</c>): magic <c>02 21 4c 18</c>, then blocks of
/// [u32 LE compressed size][LZ4 block], each decoding to 8 MiB except the last. K4os decodes the
/// blocks; the framing is ours. The member ends after a short block, at the end of input, or
/// where the next word cannot be a block size (a new magic starts another legacy frame).
/// </summary>
internal sealed class Lz4LegacyCodec : CompressionCodec
{
    private const uint Magic = 0x184C2102;
    private const int BlockSize = 8 * 1024 * 1024;

    public override CompressionMethod Method => CompressionMethod.Lz4;
    public override string Name => "lz4";

    public override DecompressionStream Open(ForwardReader input, CodecErrorContext errors)
    {
        if (!input.Ensure(4))
            throw errors.Truncated(input.Position);
        input.Advance(4);
        return new Lz4LegacyStream(input, errors);
    }

    private sealed class Lz4LegacyStream(ForwardReader input, CodecErrorContext errors) : DecompressionStream
    {
        private static readonly int MaxCompressedBlock = LZ4Codec.MaximumOutputSize(BlockSize);
        private byte[]? _block = ArrayPool<byte>.Shared.Rent(BlockSize);
        private int _blockStart;
        private int _blockEnd;
        private bool _done;

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty)
                return 0;
            ObjectDisposedException.ThrowIf(_block is null, this);
            if (_blockStart == _blockEnd && !_done)
                DecodeNextBlock();
            int n = Math.Min(buffer.Length, _blockEnd - _blockStart);
            _block.AsSpan(_blockStart, n).CopyTo(buffer);
            _blockStart += n;
            return n;
        }

        private void DecodeNextBlock()
        {
            while (true)
            {
                if (!input.Ensure(4))
                {
                    _done = true; // end of input ends the member
                    return;
                }
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(input.Buffered);
                if (size == Magic)
                {
                    input.Advance(4); // concatenated legacy frame
                    continue;
                }
                if (size == 0 || size > MaxCompressedBlock)
                {
                    _done = true; // not a block: whatever follows is not ours
                    return;
                }
                long at = input.Position;
                input.Advance(4);
                if (!input.Ensure((int)size))
                    throw errors.Truncated(input.Position);
                int decoded = LZ4Codec.Decode(input.Buffered[..(int)size], _block.AsSpan(0, BlockSize));
                if (decoded < 0)
                    throw errors.Corrupt(at, $"lz4 block of {size} bytes does not decode");
                input.Advance((int)size);
                _blockStart = 0;
                _blockEnd = decoded;
                if (decoded < BlockSize)
                    _done = true; // only the last block is short
                if (decoded > 0)
                    return;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (_block is not null)
            {
                ArrayPool<byte>.Shared.Return(_block);
                _block = null;
            }
            base.Dispose(disposing);
        }
    }
}
