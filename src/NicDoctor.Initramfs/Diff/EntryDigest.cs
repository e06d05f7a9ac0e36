using NicDoctor.Initramfs.Cpio;

namespace NicDoctor.Initramfs.Diff;

/// <summary>What a diff compares of one path: type, mode bits, owner, size, data hash, link target.</summary>
public sealed record EntryDigest(string Path, CpioEntryType Type, uint Mode, uint Uid, uint Gid, long Size, string? Sha256, string? LinkTarget, int Part);
