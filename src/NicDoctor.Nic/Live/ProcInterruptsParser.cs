using System.Globalization;
using System.Text.RegularExpressions;
using NicDoctor.Nic.Queues;
using NicDoctor.Nic.Text;

namespace NicDoctor.Nic.Live;

/// <summary>Finds a NIC's queue interrupts in <c>/proc/interrupts</c> by their action names.</summary>
public static partial class ProcInterruptsParser
{
    /// <summary>
    /// IRQs whose name belongs to <paramref name="names"/> (the interface, its PCI address or its
    /// virtio device, e.g. <c>virtio2</c>) and ends in a queue number. Affinity is filled by the caller.
    /// </summary>
    public static IReadOnlyList<IrqInfo> Parse(TextReader reader, string fileName, IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(names);
        var result = new List<IrqInfo>();
        int cpuCount = -1;
        foreach ((int number, string text) in NumberedLines.Read(reader))
        {
            if (cpuCount < 0)
            {
                cpuCount = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w.StartsWith("CPU", StringComparison.Ordinal));
                if (cpuCount == 0)
                    throw NicFormatException.Create(fileName, number, "expected the 'CPU0 CPU1 …' header of /proc/interrupts");
                continue;
            }
            string[] fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !fields[0].EndsWith(':') || !int.TryParse(fields[0].AsSpan(0, fields[0].Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int irq))
                continue; // NMI:, LOC:, ERR: … are not device interrupts
            string name = fields[^1];
            if (!names.Any(n => BelongsTo(name, n)))
                continue;
            Match m = QueueSuffix().Match(name);
            if (!m.Success)
                continue;
            QueueDirection? dir = m.Groups["kind"].Value.ToLowerInvariant() switch
            {
                "rx" or "input" => QueueDirection.Rx,
                "tx" or "output" => QueueDirection.Tx,
                _ => null,
            };
            ulong count = 0;
            for (int i = 1; i <= cpuCount && i < fields.Length; i++)
            {
                if (ulong.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out ulong c))
                    count += c;
            }
            result.Add(new IrqInfo(irq, name, int.Parse(m.Groups["q"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture), dir, [], count));
        }
        return result;
    }

    /// <summary>The device name appears as a whole dash-separated part: eno3 in i40e-eno3-TxRx-1, not in i40e-eno30-TxRx-1.</summary>
    private static bool BelongsTo(string irqName, string device)
    {
        for (int at = irqName.IndexOf(device, StringComparison.Ordinal); at >= 0; at = irqName.IndexOf(device, at + 1, StringComparison.Ordinal))
        {
            int end = at + device.Length;
            if ((at == 0 || irqName[at - 1] == '-') && end < irqName.Length && irqName[end] == '-')
                return true;
        }
        return false;
    }

    // i40e-eno3-TxRx-44, eth0-TxRx-3, ens1f0-rx-2, virtio2-input.0, mlx5_comp3@pci:0000:3b:00.0 is not
    // matched on purpose: its number is a completion vector, not a queue.
    [GeneratedRegex(@"[-_](?<kind>TxRx|txrx|rx|tx|input|output|fp)[-_.]?(?<q>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex QueueSuffix();
}
