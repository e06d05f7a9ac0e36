using System.CommandLine;
using System.CommandLine.Help;

namespace NicDoctor.Cli.Commands.Nic;

/// <summary><c>nicdoctor nic</c>: NIC inventory, per-queue counters with a stall verdict, live view, tx-queue map.</summary>
internal static class NicCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("nic", "NIC inventory, per-queue counters with a stall verdict, live view, tx-queue map")
        {
            NicListCommand.Create(globals),
            NicStatsCommand.Create(globals),
            NicWatchCommand.Create(globals),
            NicQueuesCommand.Create(globals),
        };
        command.SetAction(parse => new HelpAction().Invoke(parse)); // "nicdoctor nic" alone shows its subcommands
        return command;
    }
}
