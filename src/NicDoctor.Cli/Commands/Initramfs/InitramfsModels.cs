using System.Globalization;
using NicDoctor.Initramfs.Compression;
using NicDoctor.Initramfs.Cpio;
using NicDoctor.Initramfs.Image;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary>One part as <c>examine</c> and <c>verify</c> show it (human table and JSON).</summary>
internal sealed record PartInfo(
    int Index, long Start, long End, long Size, string Compression, string? CompressionDetail,
    long UncompressedSize, int Entries, int Archives, string? Format, string Role, IReadOnlyList<string> Problems)
{
    public static IReadOnlyList<PartInfo> From(IReadOnlyList<InitramfsSegment> parts)
    {
        // Main = the last compressed part, else the largest; microcode parts are early.
        InitramfsSegment? main = parts.LastOrDefault(p => p.Compression != CompressionMethod.None)
            ?? parts.Where(p => !p.HasMicrocode).MaxBy(p => p.UncompressedSize);
        return [.. parts.Select(p => new PartInfo(
            p.Index, p.Offset, p.End, p.Length, p.CodecName, p.CompressionDetail, p.UncompressedSize, p.EntryCount,
            p.ArchiveCount, p.Format?.ToString().ToLowerInvariant(),
            RoleOf(p, main), [.. p.KernelProblems]))];
    }

    private static string RoleOf(InitramfsSegment part, InitramfsSegment? main) =>
        part.HasMicrocode && part.Compression == CompressionMethod.None ? "early microcode"
        : ReferenceEquals(part, main) ? "main"
        : "extra";
}

/// <summary><c>examine --json</c>.</summary>
internal sealed record ExamineReport(string Image, long? Size, IReadOnlyList<PartInfo> Parts);

/// <summary>One entry of <c>list --json</c>.</summary>
internal sealed record EntryInfo(
    int Part, string Name, string Type, string Mode, uint Uid, uint Gid, uint Nlink, long Size, long Mtime,
    string? LinkTarget, string? HardLinkTarget, string? Device)
{
    public static EntryInfo From(int part, CpioEntry e) => new(
        part, e.Name, TypeName(e.EntryType), "0" + Convert.ToString(e.RawMode & 0xFFF, 8), e.Uid, e.Gid, e.LinkCount,
        e.Length, e.ModificationTimeSeconds, e.LinkTarget, e.HardLinkTarget,
        e.EntryType is CpioEntryType.CharacterDevice or CpioEntryType.BlockDevice
            ? string.Create(CultureInfo.InvariantCulture, $"{e.RDevMajor}:{e.RDevMinor}") : null);

    public static string TypeName(CpioEntryType type) => type switch
    {
        CpioEntryType.RegularFile => "file",
        CpioEntryType.Directory => "directory",
        CpioEntryType.SymbolicLink => "symlink",
        CpioEntryType.CharacterDevice => "char",
        CpioEntryType.BlockDevice => "block",
        CpioEntryType.Fifo => "fifo",
        CpioEntryType.Socket => "socket",
        _ => "unknown",
    };
}

/// <summary><c>extract --json</c>.</summary>
internal sealed record ExtractReport(
    string Destination, int Files, int Directories, int SymbolicLinks, int HardLinks, int SpecialFiles, long Bytes,
    IReadOnlyList<SkippedInfo> Skipped);

internal sealed record SkippedInfo(int Part, string Name, string Reason, bool Unsafe);

/// <summary><c>verify --json</c>.</summary>
internal sealed record VerifyOutput(string Image, bool WouldBoot, IReadOnlyList<PartInfo> Parts, IReadOnlyList<FindingInfo> Findings);

internal sealed record FindingInfo(string Severity, int? Part, long? Offset, string Message);

/// <summary><c>create --json</c>.</summary>
internal sealed record CreateReport(string Image, long Size, IReadOnlyList<CreatedPart> Parts, IReadOnlyList<string> Warnings);

internal sealed record CreatedPart(string Compression, int Entries);

/// <summary><c>repack --json</c>.</summary>
internal sealed record RepackReport(string Input, string Output, string? Backup, IReadOnlyList<RepackedPart> Parts, IReadOnlyList<RepackedEntry> Entries, IReadOnlyList<string> Warnings,
    IReadOnlyList<string> RegeneratedIndexes);

internal sealed record RepackedPart(int Index, string Codec, string Action, string? WrittenWith, long InputSize, long OutputSize);

internal sealed record RepackedEntry(string Change, string Path, string StoredAs, int Part, long? OldSize, long? NewSize);

/// <summary><c>diff --json</c>.</summary>
internal sealed record DiffReport(string Before, string After, int EntriesBefore, int EntriesAfter, IReadOnlyList<DiffEntry> Entries, IReadOnlyList<DiffModule> Modules);

internal sealed record DiffEntry(string Path, string Kind, IReadOnlyList<string> Fields, long? SizeBefore, long? SizeAfter, string? Sha256Before, string? Sha256After);

internal sealed record DiffModule(string Name, string? PathBefore, string? PathAfter, IReadOnlyList<string> Fields,
    string? VersionBefore, string? VersionAfter, string? SrcVersionBefore, string? SrcVersionAfter, string? VermagicBefore, string? VermagicAfter);

/// <summary><c>modules --json</c>.</summary>
internal sealed record ModulesReport(string Image, IReadOnlyList<ModuleEntry> Modules);

internal sealed record ModuleEntry(string Path, string Name, string? Version, string? SrcVersion, string? Vermagic, bool HasSymbols, long Size, string Sha256);

/// <summary>One file <c>cat --json</c> printed: its data in base64.</summary>
internal sealed record CatFile(string Path, int Part, long Size, string Sha256, string Base64);
