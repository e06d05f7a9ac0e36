namespace NicDoctor.Upgrade.Boot;

/// <summary>
/// A kernel or initrd an entry names. <paramref name="LoaderPath"/> is the path as the boot loader
/// reads it (relative to the boot partition: <c>/vmlinuz-…</c> when /boot is its own file system);
/// <paramref name="HostPath"/> is where that file is on the running system (<c>/boot/vmlinuz-…</c>).
/// Size and SHA-256 are null when the file does not exist.
/// </summary>
public sealed record BootFile(string LoaderPath, string HostPath, bool Exists, long? Size, string? Sha256);
