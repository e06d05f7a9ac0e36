using System.Buffers.Binary;

namespace NicDoctor.KernelModules.Elf;

/// <summary>Writes ELF fields into a byte buffer in the file's byte order and word size.</summary>
internal readonly struct ElfBuffer(byte[] buffer, bool is64, bool bigEndian)
{
    public byte[] Bytes => buffer;

    public void U8(long offset, byte value) => buffer[offset] = value;

    public void U16(long offset, ushort value)
    {
        var s = buffer.AsSpan((int)offset, 2);
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(s, value); else BinaryPrimitives.WriteUInt16LittleEndian(s, value);
    }

    public void U32(long offset, uint value)
    {
        var s = buffer.AsSpan((int)offset, 4);
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(s, value); else BinaryPrimitives.WriteUInt32LittleEndian(s, value);
    }

    public void U64(long offset, ulong value)
    {
        var s = buffer.AsSpan((int)offset, 8);
        if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(s, value); else BinaryPrimitives.WriteUInt64LittleEndian(s, value);
    }

    public void Word(long offset, ulong value)
    {
        if (is64)
            U64(offset, value);
        else
            U32(offset, checked((uint)value));
    }
}
