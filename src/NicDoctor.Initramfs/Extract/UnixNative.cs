using System.Runtime.InteropServices;

namespace NicDoctor.Initramfs.Extract;

/// <summary>
/// The libc calls .NET has no API for (hard links, device nodes, ownership without following
/// links), and a descriptor-based file write: open O_EXCL, write, fchown, fchmod, futimens,
/// close, as GNU cpio does. FileStream would add fstat, flock and path-based chmod/utimes calls.
/// </summary>
internal static unsafe partial class UnixNative
{
    // Same values on x86-64 and arm64 (asm-generic): O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC.
    private const int CreateExclusiveFlags = 0x1 | 0x40 | 0x80 | 0x80000;
    private const int EINTR = 4;
    private const int EEXIST = 17;

    // futimens: leave the access time alone.
    private const long UtimeOmit = (1L << 30) - 2;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existing, string newPath);

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mknod(string path, uint mode, ulong device);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Lchown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint Geteuid();

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static partial int Fchown(int fd, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int Fchmod(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "futimens", SetLastError = true)]
    private static partial int Futimens(int fd, Timespec* times);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>glibc's makedev.</summary>
    public static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    public static void Check(int rc, string what, string path)
    {
        if (rc != 0)
            throw new IOException($"{what} {path}: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>
    /// Creates <paramref name="path"/> with O_EXCL (never through an existing name or symlink),
    /// mode 0600 until <see cref="NewFile.Finish"/> sets the real one. Null when the name exists.
    /// </summary>
    public static NewFile? CreateExclusive(string path)
    {
        int fd;
        do
        {
            fd = Open(path, CreateExclusiveFlags, 0b110_000_000);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (fd >= 0)
            return new NewFile(fd, path);
        if (Marshal.GetLastPInvokeError() == EEXIST)
            return null;
        throw new IOException($"cannot create {path}: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>An open descriptor of a file this extraction just created.</summary>
    public sealed class NewFile(int fd, string path) : IDisposable
    {
        private int _fd = fd;

        public void Write(ReadOnlySpan<byte> data)
        {
            fixed (byte* start = data)
            {
                int done = 0;
                while (done < data.Length)
                {
                    nint n = UnixNative.Write(_fd, start + done, data.Length - done);
                    if (n < 0)
                    {
                        if (Marshal.GetLastPInvokeError() == EINTR)
                            continue;
                        throw new IOException($"cannot write {path}: {Marshal.GetLastPInvokeErrorMessage()}");
                    }
                    done += (int)n;
                }
            }
        }

        /// <summary>Owner (when <paramref name="owner"/>), then mode (chown clears setuid), then mtime; optionally fsync.</summary>
        public void Finish((uint Uid, uint Gid)? owner, uint mode, long mtimeSeconds, bool flushToDisk)
        {
            if (owner is var (uid, gid))
                Check(Fchown(_fd, uid, gid), "cannot chown", path);
            Check(Fchmod(_fd, mode), "cannot chmod", path);
            Timespec* times = stackalloc Timespec[2];
            times[0] = new Timespec { Nanoseconds = UtimeOmit };
            times[1] = new Timespec { Seconds = mtimeSeconds };
            Check(Futimens(_fd, times), "cannot set the mtime of", path);
            if (flushToDisk)
                Check(Fsync(_fd), "cannot fsync", path);
        }

        public void Dispose()
        {
            if (_fd >= 0)
            {
                _ = Close(_fd);
                _fd = -1;
            }
        }
    }
}
