using System.Runtime.InteropServices;

namespace NicDoctor.Nic.Live;

/// <summary>The few libc calls the ethtool ioctl path needs. Blittable arguments only (AOT-safe).</summary>
internal static unsafe partial class LibC
{
    public const int AF_INET = 2;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int CLONE_NEWNET = 0x40000000;

    /// <summary>The ethtool ioctl request number; the same on every Linux architecture.</summary>
    public const uint SIOCETHTOOL = 0x8946;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ioctl(int fd, nuint request, void* argp);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setns(int fd, int nstype);
}
