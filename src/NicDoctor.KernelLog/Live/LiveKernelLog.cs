using System.ComponentModel;
using System.Diagnostics;
using NicDoctor.KernelLog.Live;

namespace NicDoctor.KernelLog;

/// <summary>
/// The running host's kernel log without <c>dmesg</c>: <c>/dev/kmsg</c> under an injectable root,
/// read without blocking (the ring buffer as it is now), else <c>journalctl -k -o json</c>.
/// </summary>
public static class LiveKernelLog
{
    public static string KmsgPath(string root) => Path.Combine(root, "dev", "kmsg");

    public static bool KmsgReadable(string root)
    {
        using NonBlockingReadStream? s = NonBlockingReadStream.TryOpen(KmsgPath(root));
        return s is not null;
    }

    /// <summary>
    /// Opens the live log as text: <c>/dev/kmsg</c> records, or the journal's JSON when /dev/kmsg
    /// cannot be opened. The caller disposes the reader. Throws <see cref="IOException"/> when neither works.
    /// </summary>
    public static TextReader Open(string root, out string sourceName)
    {
        string kmsg = KmsgPath(root);
        NonBlockingReadStream? stream = NonBlockingReadStream.TryOpen(kmsg);
        if (stream is not null)
        {
            sourceName = kmsg;
            return new StreamReader(stream, KernelLogAnalyzer.Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        }
        if (root is "/" or "")
        {
            try
            {
                var start = new ProcessStartInfo("journalctl", ["-k", "-o", "json", "--no-pager", "-q"])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                Process process = Process.Start(start) ?? throw new IOException("journalctl did not start");
                sourceName = "journalctl -k -o json";
                return process.StandardOutput;
            }
            catch (Win32Exception)
            {
                // journalctl is not installed: fall through to the error below.
            }
        }
        throw new IOException($"{kmsg}: cannot open (need read access to /dev/kmsg, or journalctl)");
    }
}
