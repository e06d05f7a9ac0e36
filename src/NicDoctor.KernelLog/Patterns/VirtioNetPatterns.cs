using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>virtio_net: <c>drivers/net/virtio_net.c</c> (handler added upstream around 5.10; absent in RHEL 7).</summary>
internal static partial class VirtioNetPatterns
{
    public static IEnumerable<MessagePattern> All =>
    [
        new("virtio_net.tx-timeout", KernelEventKind.TxHang, "TX timeout on queue", TxTimeout(),
            "drivers/net/virtio_net.c virtnet_tx_timeout(): \"TX timeout on queue: %u, sq: %s, vq: 0x%x, name: %s, %u usecs ago\"")
        { Driver = "virtio_net" },
    ];

    [GeneratedRegex(@"TX timeout on queue: (?<queue>\d+), sq: (?<sq>\S+), vq: (?<vq>0x[0-9a-fA-F]+), name: (?<name>\S+), (?<usecs>\d+) usecs ago", RegexOptions.CultureInvariant)]
    private static partial Regex TxTimeout();
}
