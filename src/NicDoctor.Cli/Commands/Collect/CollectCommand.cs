using System.CommandLine;

namespace NicDoctor.Cli.Commands.Collect;

internal static class CollectCommand
{
    public static Command Create(GlobalOptions globals) => CommandAction.NotYetImplemented(
        "collect", "Gather an evidence bundle from this host, or print the portable POSIX sh collector", 9);
}
