using System.CommandLine;

namespace NicDoctor.Cli.Commands.Nic;

/// <summary><c>nicdoctor nic</c>: NIC inventory, per-queue counters with a stall verdict, live view, tx-queue map.</summary>
internal static class NicCommand
{
    public static Command Create(GlobalOptions globals) => new("nic", "NIC inventory, per-queue counters with a stall verdict, live view, tx-queue map")
    {
        NicListCommand.Create(globals),
        NicStatsCommand.Create(globals),
        NicWatchCommand.Create(globals),
        NicQueuesCommand.Create(globals),
    };
}
