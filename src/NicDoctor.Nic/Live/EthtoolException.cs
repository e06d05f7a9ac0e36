using System.Runtime.InteropServices;

namespace NicDoctor.Nic.Live;

/// <summary>A SIOCETHTOOL request the kernel refused: names the interface, the command and errno.</summary>
public sealed class EthtoolException : IOException
{
    public EthtoolException(string interfaceName, string command, int errno)
        : base($"{interfaceName}: ethtool {command}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
    {
        InterfaceName = interfaceName;
        Command = command;
        Errno = errno;
    }

    public string InterfaceName { get; }
    public string Command { get; }
    public int Errno { get; }

    /// <summary>EOPNOTSUPP: the driver does not implement this request (lo has no ethtool_ops).</summary>
    public bool IsNotSupported => Errno == 95;
}
