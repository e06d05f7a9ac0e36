using System.Buffers;
using System.Buffers.Binary;
using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// lzop container (no .NET library exists): a header (version-dependent fields, flags saying
/// which checksums follow each block), then blocks of [u32 BE uncompressed][u32 BE compressed]
/// [checksums][data], ended by a zero length. Blocks are LZO1X (<see cref="Lzo1xDecompressor"/>)
/// or stored when both lengths are equal. The block checksums the header flags ask for (Adler-32
/// and/or CRC-32 of the compressed and of the uncompressed bytes) are verified, as lzop -t does.
/// </summary>
internal sealed class LzopCodec : CompressionCodec
{
    private const int MagicLength = 9;
    private const uint FlagAdler32Data = 0x1;
    private const uint FlagAdler32Compressed = 0x2;
    private const uint FlagExtraField = 0x40;
    private const uint FlagCrc32Data = 0x100;
    private const uint FlagCrc32Compressed = 0x200;
    private const uint FlagFilter = 0x800;
    private const int MaxBlock = 64 * 1024 * 1024;

    public override CompressionMethod Method => CompressionMethod.Lzo;
    public override string Name => "lzop";

    public override DecompressionStream Open(ForwardReader input, CodecErrorContext errors)
    {
        var header = new HeaderReader(input, errors);
        header.Skip(MagicLength);
        int version = header.U16();
        header.U16(); // library version
        if (version >= 0x0940)
            header.U16(); // version needed to extract
        int method = header.U8();
        if (version >= 0x0940)
            header.U8(); // level
        uint flags = header.U32();
        if ((flags & FlagFilter) != 0)
            header.U32();
        header.U32(); // mode
        header.U32(); // mtime low
        if (version >= 0x0940)
            header.U32(); // mtime high
        header.Skip(header.U8()); // stored file name
        header.U32(); // header checksum
        if ((flags & FlagExtraField) != 0)
        {
            header.Skip((int)Math.Min(header.U32(), MaxBlock));
            header.U32();
        }
        if (method is < 1 or > 3)
            throw errors.Corrupt(input.Position, $"lzop method {method} is not LZO1X");
        return new LzopStream(input, errors, flags);
    }

    /// <summary>Big-endian fields straight from the reader.</summary>
    private readonly struct HeaderReader(ForwardReader input, CodecErrorContext errors)
    {
        public int U8() => (int)Take(1)[0];

        public int U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

        public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

        public void Skip(int count)
        {
            if (input.Skip(count) != count)
                throw errors.Truncated(input.Position);
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (!input.Ensure(count))
                throw errors.Truncated(input.Position);
            ReadOnlySpan<byte> bytes = input.Buffered[..count];
            input.Advance(count);
            return bytes;
        }
    }

    private sealed class LzopStream(ForwardReader input, CodecErrorContext errors, uint flags) : DecompressionStream
    {
        private byte[] _block = [];
        private int _start;
        private int _end;
        private bool _done;

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty)
                return 0;
            if (_start == _end && !_done)
                NextBlock();
            int n = Math.Min(buffer.Length, _end - _start);
            _block.AsSpan(_start, n).CopyTo(buffer);
            _start += n;
            return n;
        }

        private void NextBlock()
        {
            var header = new HeaderReader(input, errors);
            long at = input.Position;
            uint plain = header.U32();
            if (plain == 0)
            {
                _done = true;
                return;
            }
            uint packed = header.U32();
            if (plain > MaxBlock || packed > MaxBlock || packed > plain)
                throw errors.Corrupt(at, $"lzop block sizes {packed} -> {plain} are impossible");
            uint? adlerData = (flags & FlagAdler32Data) != 0 ? header.U32() : null;
            uint? crcData = (flags & FlagCrc32Data) != 0 ? header.U32() : null;
            // A stored block has one checksum pair: lzop writes the compressed sums only when packed < plain.
            uint? adlerPacked = packed < plain && (flags & FlagAdler32Compressed) != 0 ? header.U32() : null;
            uint? crcPacked = packed < plain && (flags & FlagCrc32Compressed) != 0 ? header.U32() : null;
            if (!input.Ensure((int)packed))
                throw errors.Truncated(input.Position);
            if (_block.Length < plain)
            {
                if (_block.Length > 0)
                    ArrayPool<byte>.Shared.Return(_block);
                _block = ArrayPool<byte>.Shared.Rent((int)plain);
            }
            long dataAt = input.Position;
            ReadOnlySpan<byte> data = input.Buffered[..(int)packed];
            Check(data, adlerPacked, crcPacked, dataAt, "compressed");
            if (packed == plain)
            {
                data.CopyTo(_block);
            }
            else if (Lzo1xDecompressor.Decompress(data, _block.AsSpan(0, (int)plain)) != plain)
            {
                throw errors.Corrupt(at, "LZO1X block does not decode to its stated size");
            }
            Check(_block.AsSpan(0, (int)plain), adlerData, crcData, dataAt, "uncompressed");
            input.Advance((int)packed);
            _start = 0;
            _end = (int)plain;
        }

        private void Check(ReadOnlySpan<byte> bytes, uint? adler, uint? crc, long at, string which)
        {
            if (adler is { } expectedAdler && Adler32.Compute(bytes) is var actualAdler && actualAdler != expectedAdler)
                throw errors.Corrupt(at, $"lzop block Adler-32 of the {which} data is {actualAdler:x8}, the header says {expectedAdler:x8}");
            if (crc is { } expectedCrc && Crc32.Compute(bytes) is var actualCrc && actualCrc != expectedCrc)
                throw errors.Corrupt(at, $"lzop block CRC-32 of the {which} data is {actualCrc:x8}, the header says {expectedCrc:x8}");
        }

        protected override void Dispose(bool disposing)
        {
            if (_block.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_block);
                _block = [];
            }
            base.Dispose(disposing);
        }
    }
}
