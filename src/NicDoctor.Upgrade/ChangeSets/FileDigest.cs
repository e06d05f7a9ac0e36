using System.Security.Cryptography;

namespace NicDoctor.Upgrade.ChangeSets;

/// <summary>sha256 of files, lower-case hex as <c>sha256sum</c> prints it.</summary>
public static class FileDigest
{
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string Sha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>The file's sha256, or null when it does not exist.</summary>
    public static string? Sha256OrNull(string path) => File.Exists(path) ? Sha256(path) : null;
}
