using NicDoctor.Initramfs.Compression;
using NicDoctor.Initramfs.Cpio;
using NicDoctor.Initramfs.Image;

namespace NicDoctor.Initramfs.Verify;

/// <summary>
/// Reads the whole image as the kernel would (every byte decompressed, every crc sum checked)
/// and lists what would stop it from unpacking: format errors, odc headers, codec constraints
/// (legacy lz4 last, xz crc32), trailing garbage; plus warnings (duplicates, misplaced microcode).
/// </summary>
public static class InitramfsVerifier
{
    private const int DuplicateExamples = 5;

    public static VerifyReport Verify(InitramfsImage image)
    {
        var parts = new List<InitramfsSegment>();
        var findings = new List<VerifyFinding>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        var unsafeNames = new List<string>();
        bool compressedSeen = false;
        try
        {
            while (image.GetNextSegment() is { } segment)
            {
                parts.Add(segment);
                while (segment.GetNextEntry() is { } entry)
                {
                    // The kernel keeps these inside rootfs, but cpio -i would write them outside its directory.
                    if (entry.Name.StartsWith('/') || entry.Name.Split('/').Contains(".."))
                        unsafeNames.Add(entry.Name);
                    if (entry.EntryType == CpioEntryType.Directory)
                        continue;
                    string name = Normalise(entry.Name);
                    if (!seen.TryAdd(name, segment.Index))
                        duplicates.Add($"{name} (parts {seen[name]} and {segment.Index})");
                }
                Judge(segment, compressedSeen, findings);
                compressedSeen |= segment.Compression != CompressionMethod.None;
            }
        }
        catch (CpioFormatException ex)
        {
            findings.Add(new VerifyFinding(FindingSeverity.Error, parts.LastOrDefault()?.Index, ex.Location is null ? ex.Offset : null, ex.Message));
        }
        if (parts.Count == 0 && findings.Count == 0)
            findings.Add(new VerifyFinding(FindingSeverity.Error, null, 0, $"{image.SourceName}: no cpio data (empty or all zero)"));
        if (duplicates.Count > 0)
        {
            string examples = string.Join(", ", duplicates.Take(DuplicateExamples));
            string more = duplicates.Count > DuplicateExamples ? $", and {duplicates.Count - DuplicateExamples} more" : "";
            findings.Add(new VerifyFinding(FindingSeverity.Warning, null, null,
                $"{duplicates.Count} path(s) stored more than once; the last copy wins: {examples}{more}"));
        }
        if (unsafeNames.Count > 0)
        {
            string examples = string.Join(", ", unsafeNames.Take(DuplicateExamples));
            string more = unsafeNames.Count > DuplicateExamples ? $", and {unsafeNames.Count - DuplicateExamples} more" : "";
            findings.Add(new VerifyFinding(FindingSeverity.Warning, null, null,
                $"{unsafeNames.Count} absolute or '..' name(s): the kernel keeps them inside rootfs, but cpio -i would write them outside its directory: {examples}{more}"));
        }
        return new VerifyReport(parts, findings);
    }

    private static void Judge(InitramfsSegment segment, bool compressedSeen, List<VerifyFinding> findings)
    {
        if (segment.HasOdc)
        {
            findings.Add(new VerifyFinding(FindingSeverity.Error, segment.Index, segment.Offset,
                "odc (070707) cpio headers: the kernel refuses them (incorrect cpio method used: use -H newc option)"));
        }
        foreach (string problem in segment.KernelProblems)
            findings.Add(new VerifyFinding(FindingSeverity.Error, segment.Index, segment.Offset, problem));
        if (segment.HasMicrocode && (segment.Compression != CompressionMethod.None || compressedSeen))
        {
            findings.Add(new VerifyFinding(FindingSeverity.Warning, segment.Index, segment.Offset,
                "microcode files are not in the leading uncompressed cpio data, so the early loader will not find them"));
        }
    }

    private static string Normalise(string name)
    {
        string trimmed = name;
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
            trimmed = trimmed[2..];
        return trimmed.TrimStart('/');
    }
}
