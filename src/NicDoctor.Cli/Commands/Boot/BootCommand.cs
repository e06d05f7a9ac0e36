using System.CommandLine;

namespace NicDoctor.Cli.Commands.Boot;

/// <summary><c>nicdoctor boot</c>: the boot menu, a fallback entry, GRUB-prompt rescue steps, host-fit check of an image.</summary>
internal static class BootCommand
{
    public static Command Create(GlobalOptions globals) => new("boot", "Boot entries (GRUB, BLS), fallback entry, GRUB-prompt recovery steps, host-fit check of a boot image")
    {
        BootEntriesCommand.Create(globals),
        BootAddFallbackCommand.Create(globals),
        BootRecoveryCommand.Create(globals),
        BootCheckImageCommand.Create(globals),
    };

    public static Option<string> RootOption() => new("--root") { Description = "Root directory of the system to read (default: /)", HelpName = "DIR", DefaultValueFactory = _ => "/" };
}
