using System.Globalization;

namespace NicDoctor.Initramfs;

/// <summary>
/// The input is not what the kernel would accept: bad magic, damaged header, checksum mismatch,
/// truncation, corrupt compressed data. The message names the file and the byte offset, e.g.
/// <c>initrd.img: offset 0x1a2b4: invalid cpio magic '07x701', expected 070701 or 070702</c>.
/// For data inside a compressed part the offset is in the decompressed bytes and the part is named.
/// </summary>
/// <remarks>
/// Derives from <see cref="IOException"/> because <see cref="InvalidDataException"/> is sealed;
/// callers that want the BCL type use <see cref="ToInvalidData"/>.
/// </remarks>
public sealed class CpioFormatException : IOException
{
    public CpioFormatException(string sourceName, long offset, string problem, string? entryName = null, string? location = null, Exception? inner = null)
        : base(Format(sourceName, offset, problem, entryName, location), inner)
    {
        SourceName = sourceName;
        Offset = offset;
        Problem = problem;
        EntryName = entryName;
        Location = location;
    }

    /// <summary>The image or archive file name (or a description of the stream).</summary>
    public string SourceName { get; }

    /// <summary>Byte offset of the problem: in the file, or in the decompressed data of <see cref="Location"/>.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without file and offset.</summary>
    public string Problem { get; }

    /// <summary>The entry being read when the problem was found, if any.</summary>
    public string? EntryName { get; }

    /// <summary>For compressed parts: which part, e.g. <c>part 2 (zstd at 0x4e00)</c>.</summary>
    public string? Location { get; }

    /// <summary>The same message as the BCL's "bad data" exception, with this one as inner.</summary>
    public InvalidDataException ToInvalidData() => new(Message, this);

    private static string Format(string sourceName, long offset, string problem, string? entryName, string? location)
    {
        string where = location is null
            ? string.Create(CultureInfo.InvariantCulture, $"offset 0x{offset:x}")
            : string.Create(CultureInfo.InvariantCulture, $"{location}: decompressed offset 0x{offset:x}");
        string entry = entryName is null ? "" : $" (entry '{entryName}')";
        return $"{sourceName}: {where}: {problem}{entry}";
    }
}
