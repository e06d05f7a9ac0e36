using System.CommandLine;

namespace NicDoctor.Cli.Commands.Log;

internal static class LogCommand
{
    public static Command Create(GlobalOptions globals) => CommandAction.NotYetImplemented(
        "log", "Kernel-log events: NETDEV WATCHDOG, driver hangs, module-load errors, call traces", 6);
}
