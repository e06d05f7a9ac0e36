namespace NicDoctor.Initramfs.Write;

/// <summary>One entry to write: its header and, for files and symlinks, where its data comes from.</summary>
public sealed record ArchiveItem(CpioEntryHeader Header, string? SourceFile = null, byte[]? InlineData = null);
