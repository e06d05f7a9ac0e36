using System.CommandLine;

namespace NicDoctor.Cli.Commands.Boot;

internal static class BootCommand
{
    public static Command Create(GlobalOptions globals) => CommandAction.NotYetImplemented(
        "boot", "Boot entries (GRUB, BLS), fallback entry, GRUB-prompt recovery steps", 10);
}
