using System.Runtime.InteropServices;

namespace NicDoctor.Initramfs.Extract;

/// <summary>The libc calls .NET has no API for: hard links, device nodes, ownership without following links.</summary>
internal static partial class UnixNative
{
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existing, string newPath);

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mknod(string path, uint mode, ulong device);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Lchown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint Geteuid();

    /// <summary>glibc's makedev.</summary>
    public static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    public static void Check(int rc, string what, string path)
    {
        if (rc != 0)
            throw new IOException($"{what} {path}: {Marshal.GetLastPInvokeErrorMessage()}");
    }
}
