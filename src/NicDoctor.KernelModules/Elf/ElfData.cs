using System.Buffers.Binary;

namespace NicDoctor.KernelModules.Elf;

/// <summary>
/// The one way this library reads ELF bytes: every read is bounds-checked against the image
/// and decoded in the file's byte order and word size. A read outside the image throws a
/// <see cref="ModuleFormatException"/> naming the file and offset.
/// </summary>
public readonly struct ElfData
{
    private readonly ReadOnlyMemory<byte> _image;

    public ElfData(ReadOnlyMemory<byte> image, string source, ElfClass elfClass, bool bigEndian)
    {
        _image = image;
        Source = source;
        Class = elfClass;
        BigEndian = bigEndian;
    }

    public string Source { get; }
    public ElfClass Class { get; }
    public bool BigEndian { get; }
    public bool Is64 => Class == ElfClass.Elf64;
    public int Length => _image.Length;
    public ReadOnlyMemory<byte> Image => _image;

    /// <summary>Bytes [offset, offset+length), or an error naming what was being read.</summary>
    public ReadOnlySpan<byte> Slice(ulong offset, ulong length, string what)
    {
        if (offset > (ulong)_image.Length || length > (ulong)_image.Length - offset)
            throw Error((long)Math.Min(offset, long.MaxValue), $"{what} (0x{length:x} bytes) runs past the end of the file (0x{_image.Length:x} bytes)");
        return _image.Span.Slice((int)offset, (int)length);
    }

    public ReadOnlyMemory<byte> SliceMemory(ulong offset, ulong length, string what)
    {
        _ = Slice(offset, length, what);
        return _image.Slice((int)offset, (int)length);
    }

    public byte U8(ulong offset, string what) => Slice(offset, 1, what)[0];

    public ushort U16(ulong offset, string what)
    {
        var s = Slice(offset, 2, what);
        return BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
    }

    public uint U32(ulong offset, string what)
    {
        var s = Slice(offset, 4, what);
        return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
    }

    public ulong U64(ulong offset, string what)
    {
        var s = Slice(offset, 8, what);
        return BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
    }

    /// <summary>An address-sized field: 4 bytes in ELF32, 8 in ELF64.</summary>
    public ulong Word(ulong offset, string what) => Is64 ? U64(offset, what) : U32(offset, what);

    /// <summary>The NUL-terminated string at <paramref name="offset"/> inside <paramref name="table"/>.</summary>
    public static string CString(ReadOnlySpan<byte> table, uint offset)
    {
        if (offset >= table.Length)
            return string.Empty;
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }

    public InvalidDataException Error(long offset, string problem) => ModuleFormatException.Create(Source, offset, problem);
}
