using System.CommandLine;

namespace NicDoctor.Cli.Commands.Nic;

internal static class NicCommand
{
    public static Command Create(GlobalOptions globals) => CommandAction.NotYetImplemented(
        "nic", "NIC inventory, per-queue counters with a stall verdict, live view, tx-queue map", 7);
}
