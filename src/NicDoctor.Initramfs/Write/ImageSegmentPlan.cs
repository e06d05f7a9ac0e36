using NicDoctor.Initramfs.Compression.Encoding;

namespace NicDoctor.Initramfs.Write;

/// <summary>One part of an image to write: a cpio archive of <see cref="Items"/>, compressed as chosen.</summary>
public sealed record ImageSegmentPlan(IReadOnlyList<ArchiveItem> Items, CompressionChoice Compression);
