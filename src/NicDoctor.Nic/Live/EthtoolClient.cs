using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace NicDoctor.Nic.Live;

/// <summary>
/// Reads driver facts and statistics through the SIOCETHTOOL ioctl, as <c>ethtool</c> does, without
/// the binary. All requests used are the unprivileged GET commands. Buffers are raw native memory
/// laid out as the kernel's <c>include/uapi/linux/ethtool.h</c> structs (LP64, little-endian).
/// The socket belongs to the network namespace it was created in.
/// </summary>
public sealed unsafe class EthtoolClient : IDisposable
{
    private const uint ETHTOOL_GSET = 0x01;
    private const uint ETHTOOL_GDRVINFO = 0x03;
    private const uint ETHTOOL_GLINK = 0x0a;
    private const uint ETHTOOL_GSTRINGS = 0x1b;
    private const uint ETHTOOL_GSTATS = 0x1d;
    private const uint ETHTOOL_GSSET_INFO = 0x37;
    private const uint ETHTOOL_GCHANNELS = 0x3c;
    private const uint ETHTOOL_GLINKSETTINGS = 0x4c;
    private const int ETH_SS_STATS = 1;
    private const int ETH_GSTRING_LEN = 32;
    private const int IFNAMSIZ = 16;
    private const int IfreqSize = 40;
    private const int DrvInfoSize = 196;

    // Room for queues the driver adds between GSSET_INFO and GSTATS (ethtool -L, a reset): the
    // kernel writes its *current* count, whatever we asked for.
    private const int StatsHeadroom = 256;

    private readonly int _fd;
    private bool _disposed;

    private EthtoolClient(int fd) => _fd = fd;

    /// <summary>A client for interfaces in the caller's network namespace.</summary>
    public static EthtoolClient Open()
    {
        int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0)
            throw new IOException($"socket(AF_INET, SOCK_DGRAM): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return new EthtoolClient(fd);
    }

    /// <summary>
    /// A client for interfaces of another network namespace (<c>/var/run/netns/NAME</c>): a
    /// short-lived thread enters it and creates the socket, which stays bound to that namespace.
    /// </summary>
    public static EthtoolClient OpenInNamespace(string namespacePath)
    {
        using SafeHandle ns = File.OpenHandle(namespacePath, FileMode.Open, FileAccess.Read);
        EthtoolClient? client = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                if (LibC.setns((int)ns.DangerousGetHandle(), LibC.CLONE_NEWNET) != 0)
                    throw new IOException($"setns({namespacePath}): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                client = Open();
            }
            catch (IOException ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? client! : throw failure;
    }

    /// <summary>ETHTOOL_GDRVINFO: what <c>ethtool -i</c> prints.</summary>
    public DriverInfo GetDriverInfo(string interfaceName)
    {
        byte* buf = stackalloc byte[DrvInfoSize];
        new Span<byte>(buf, DrvInfoSize).Clear();
        Call(interfaceName, ETHTOOL_GDRVINFO, buf, "GDRVINFO");
        return new DriverInfo(
            CString(buf + 4, 32), CString(buf + 36, 32), CString(buf + 68, 32), CString(buf + 132, 32), CString(buf + 100, 32))
        {
            StatsCount = (int)ReadU32(buf, 180),
        };
    }

    /// <summary>ETHTOOL_GCHANNELS: what <c>ethtool -l</c> prints (0 becomes null, ethtool's n/a).</summary>
    public ChannelCounts GetChannels(string interfaceName)
    {
        byte* buf = stackalloc byte[36];
        new Span<byte>(buf, 36).Clear();
        Call(interfaceName, ETHTOOL_GCHANNELS, buf, "GCHANNELS");
        return new ChannelCounts(
            Count(buf, 4), Count(buf, 8), Count(buf, 12), Count(buf, 16),
            Count(buf, 20), Count(buf, 24), Count(buf, 28), Count(buf, 32));

        static int? Count(byte* b, int offset) => ReadU32(b, offset) is var v and > 0 ? (int)v : null;
    }

    /// <summary>ETHTOOL_GLINKSETTINGS (falling back to the legacy GSET) plus GLINK.</summary>
    public LinkSettings GetLinkSettings(string interfaceName)
    {
        bool? link = null;
        byte* l = stackalloc byte[8];
        new Span<byte>(l, 8).Clear();
        if (TryCall(interfaceName, ETHTOOL_GLINK, l) == 0)
            link = ReadU32(l, 4) != 0;

        uint speed;
        byte duplex, port, autoneg;
        // struct ethtool_link_settings is 48 bytes, then 3 × nwords u32 link-mode masks. The
        // first call with nwords = 0 is the handshake: the kernel answers with -nwords.
        const int header = 48;
        byte* ls = stackalloc byte[header + (3 * 127 * 4)];
        new Span<byte>(ls, header).Clear();
        int rc = TryCall(interfaceName, ETHTOOL_GLINKSETTINGS, ls);
        sbyte nwords = (sbyte)ls[15];
        if (rc == 0 && nwords < 0)
        {
            new Span<byte>(ls, header + (3 * 127 * 4)).Clear();
            ls[15] = (byte)(-nwords);
            rc = TryCall(interfaceName, ETHTOOL_GLINKSETTINGS, ls);
        }
        if (rc == 0)
        {
            speed = ReadU32(ls, 4);
            duplex = ls[8];
            port = ls[9];
            autoneg = ls[11];
        }
        else
        {
            byte* cmd = stackalloc byte[44];
            new Span<byte>(cmd, 44).Clear();
            if (TryCall(interfaceName, ETHTOOL_GSET, cmd) != 0)
                return new LinkSettings(null, null, null, null, link);
            speed = (uint)(BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(cmd + 12, 2))
                | (BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(cmd + 28, 2)) << 16));
            duplex = cmd[14];
            port = cmd[15];
            autoneg = cmd[18];
        }
        int? mbps = speed is 0 or 0xFFFFFFFF or 0xFFFF ? null : (int)speed;
        string? dup = duplex switch { 0 => "Half", 1 => "Full", _ => null };
        return new LinkSettings(mbps, dup, PortName(port), autoneg != 0, link);
    }

    /// <summary>ETHTOOL_GSSET_INFO for ETH_SS_STATS: how many statistics the driver has now.</summary>
    public int GetStatsCount(string interfaceName)
    {
        byte* buf = stackalloc byte[24];
        new Span<byte>(buf, 24).Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(new Span<byte>(buf + 8, 8), 1UL << ETH_SS_STATS);
        int rc = TryCall(interfaceName, ETHTOOL_GSSET_INFO, buf);
        if (rc != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != 95)
                throw new EthtoolException(interfaceName, "GSSET_INFO", errno);
            return GetDriverInfo(interfaceName).StatsCount ?? 0; // pre-2.6.34 drivers: n_stats from GDRVINFO
        }
        ulong mask = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(buf + 8, 8));
        return (mask & (1UL << ETH_SS_STATS)) == 0 ? 0 : (int)ReadU32(buf, 16);
    }

    /// <summary>ETHTOOL_GSTRINGS(ETH_SS_STATS): the statistic names, in driver order.</summary>
    public string[] GetStatsNames(string interfaceName)
    {
        int count = GetStatsCount(interfaceName);
        if (count == 0)
            return [];
        int capacity = count + StatsHeadroom;
        nuint size = (nuint)(12 + (capacity * ETH_GSTRING_LEN));
        byte* buf = (byte*)NativeMemory.AllocZeroed(size);
        try
        {
            WriteU32(buf, 4, ETH_SS_STATS);
            WriteU32(buf, 8, (uint)count);
            Call(interfaceName, ETHTOOL_GSTRINGS, buf, "GSTRINGS");
            int written = (int)Math.Min(ReadU32(buf, 8), (uint)capacity);
            var names = new string[written];
            for (int i = 0; i < written; i++)
                names[i] = CString(buf + 12 + (i * ETH_GSTRING_LEN), ETH_GSTRING_LEN);
            return names;
        }
        finally
        {
            NativeMemory.Free(buf);
        }
    }

    /// <summary>
    /// ETHTOOL_GSTATS: the values for <paramref name="expectedCount"/> statistics. Returns what
    /// the kernel wrote, which differs from the expected count when the driver's queue count changed.
    /// </summary>
    public ulong[] GetStatsValues(string interfaceName, int expectedCount)
    {
        int capacity = expectedCount + StatsHeadroom;
        nuint size = (nuint)(8 + (capacity * sizeof(ulong)));
        byte* buf = (byte*)NativeMemory.AllocZeroed(size);
        try
        {
            WriteU32(buf, 4, (uint)expectedCount);
            Call(interfaceName, ETHTOOL_GSTATS, buf, "GSTATS");
            int written = (int)ReadU32(buf, 4);
            if (written > capacity)
                throw new IOException($"{interfaceName}: ethtool GSTATS: kernel wrote {written} statistics, buffer held {capacity}");
            return new ReadOnlySpan<ulong>(buf + 8, written).ToArray();
        }
        finally
        {
            NativeMemory.Free(buf);
        }
    }

    /// <summary>One full statistics reading (names + values), what <c>ethtool -S</c> prints.</summary>
    public StatsSnapshot GetStats(string interfaceName, DateTimeOffset? time = null)
    {
        for (int attempt = 0; ; attempt++)
        {
            string[] names = GetStatsNames(interfaceName);
            if (names.Length == 0)
                return new StatsSnapshot([], [], time);
            ulong[] values = GetStatsValues(interfaceName, names.Length);
            if (values.Length == names.Length)
                return new StatsSnapshot(names, values, time);
            if (attempt == 2)
                throw new IOException($"{interfaceName}: statistics count keeps changing ({names.Length} names, {values.Length} values)");
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _ = LibC.close(_fd);
    }

    private void Call(string interfaceName, uint cmd, byte* data, string name)
    {
        if (TryCall(interfaceName, cmd, data) != 0)
            throw new EthtoolException(interfaceName, name, Marshal.GetLastPInvokeError());
    }

    private int TryCall(string interfaceName, uint cmd, byte* data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        if (Encoding.UTF8.GetByteCount(interfaceName) >= IFNAMSIZ)
            throw new ArgumentException($"interface name '{interfaceName}' is longer than {IFNAMSIZ - 1} bytes", nameof(interfaceName));
        WriteU32(data, 0, cmd);
        byte* ifr = stackalloc byte[IfreqSize];
        var ifrSpan = new Span<byte>(ifr, IfreqSize);
        ifrSpan.Clear();
        Encoding.UTF8.GetBytes(interfaceName, ifrSpan[..IFNAMSIZ]);
        *(void**)(ifr + IFNAMSIZ) = data; // ifr_data, the union at offset 16
        return LibC.ioctl(_fd, LibC.SIOCETHTOOL, ifr);
    }

    private static uint ReadU32(byte* b, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(b + offset, 4));

    private static void WriteU32(byte* b, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(b + offset, 4), value);

    private static string CString(byte* p, int max)
    {
        var span = new ReadOnlySpan<byte>(p, max);
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }

    // PORT_* from ethtool.h, spelled as ethtool prints them.
    private static string? PortName(byte port) => port switch
    {
        0x00 => "Twisted Pair",
        0x01 => "AUI",
        0x02 => "MII",
        0x03 => "FIBRE",
        0x04 => "BNC",
        0x05 => "Direct Attach Copper",
        0xef => "None",
        0xff => "Other",
        _ => null,
    };
}
