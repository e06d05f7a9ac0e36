using System.Globalization;

namespace NicDoctor.Nic.Tests;

/// <summary>
/// A network namespace holding a veth pair with 8 tx and 8 rx queues (<c>ndva</c>/<c>ndvb</c>),
/// created for the tests and deleted afterwards. Needs root and iproute2.
/// </summary>
public sealed class NetnsFixture : IDisposable
{
    public const string Veth = "ndva";
    public const string Peer = "ndvb";

    public NetnsFixture()
    {
        Name = "nd-test-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        Available = Environment.UserName == "root" && Tool.Run("ip", "netns", "add", Name).ExitCode == 0;
        if (!Available)
            return;
        Tool.Output("ip", "-n", Name, "link", "add", Veth, "numtxqueues", "8", "numrxqueues", "8",
            "type", "veth", "peer", "name", Peer, "numtxqueues", "8", "numrxqueues", "8");
        Tool.Output("ip", "-n", Name, "link", "set", Veth, "up");
        Tool.Output("ip", "-n", Name, "link", "set", Peer, "up");
    }

    public string Name { get; }
    public bool Available { get; }
    public string Path => $"/var/run/netns/{Name}";

    /// <summary>Runs a program inside the namespace (with its own /sys, as ip netns exec mounts it).</summary>
    internal ToolResult Exec(string file, params string[] args) => Tool.Run("ip", ["netns", "exec", Name, file, .. args]);

    public void Dispose()
    {
        if (Available)
            Tool.Run("ip", "netns", "del", Name);
    }
}
