using System.Runtime.InteropServices;

namespace NicDoctor.Initramfs.Write;

/// <summary>
/// <c>lstat(2)</c>: what a cpio header needs and .NET does not expose (file type incl. devices
/// and fifos, inode and link count for hard links, rdev).
/// </summary>
internal static unsafe partial class FileStatus
{
    /// <summary>glibc's <c>struct stat</c> on x86_64 / aarch64-compatible LP64 layouts we read (144 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Stat
    {
        public ulong Dev;
        public ulong Ino;
        public ulong Nlink;
        public uint Mode;
        public uint Uid;
        public uint Gid;
        public int Pad0;
        public ulong Rdev;
        public long Size;
        public long Blksize;
        public long Blocks;
        public long AtimeSec, AtimeNsec, MtimeSec, MtimeNsec, CtimeSec, CtimeNsec;
        public long Reserved0, Reserved1, Reserved2;
    }

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LStat(string path, Stat* buffer);

    public readonly record struct Info(ulong Device, ulong Inode, ulong LinkCount, uint Mode, uint Uid, uint Gid, uint RDevMajor, uint RDevMinor, long Size, long ModificationTime);

    public static Info Of(string path)
    {
        Stat st;
        if (LStat(path, &st) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno == 2 ? new FileNotFoundException($"{path}: no such file", path) : new IOException($"{path}: lstat failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        // glibc's gnu_dev_major/minor bit layout.
        uint major = (uint)(((st.Rdev >> 32) & 0xfffff000) | ((st.Rdev >> 8) & 0xfff));
        uint minor = (uint)(((st.Rdev >> 12) & 0xffffff00) | (st.Rdev & 0xff));
        return new Info(st.Dev, st.Ino, st.Nlink, st.Mode, st.Uid, st.Gid, major, minor, st.Size, st.MtimeSec);
    }
}
