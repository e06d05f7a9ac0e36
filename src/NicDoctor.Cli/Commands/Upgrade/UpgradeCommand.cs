using System.CommandLine;

namespace NicDoctor.Cli.Commands.Upgrade;

internal static class UpgradeCommand
{
    public static Command Create(GlobalOptions globals) => CommandAction.NotYetImplemented(
        "upgrade", "Guarded driver upgrade: plan, apply, rollback, status", 10);
}
