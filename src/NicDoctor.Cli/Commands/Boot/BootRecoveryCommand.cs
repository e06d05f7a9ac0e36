using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Upgrade.Boot;

namespace NicDoctor.Cli.Commands.Boot;

/// <summary><c>nicdoctor boot recovery</c>: print the GRUB-prompt rescue for this host's exact paths.</summary>
internal static class BootRecoveryCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var root = BootCommand.RootOption();
        var backup = new Option<string>("--initrd") { Description = "The backup image to boot (default: the newest one beside the current image)", HelpName = "BACKUP" };
        var command = new Command("recovery", "Print the GRUB-prompt steps to boot a backup initramfs once (c, ls, e, edit the initrd line, Ctrl-X) with this host's paths") { root, backup };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            RecoveryGuide guide = RecoveryGuide.For(BootConfigReader.Read(parse.GetValue(root)!, hashFiles: false), parse.GetValue(backup));
            if (output.Json)
            {
                JsonOutput.Write(output.Stdout, guide, BootJsonContext.Default.RecoveryGuide);
            }
            else
            {
                if (guide.EntryTitle is not null)
                    output.Stdout.WriteLine($"To boot '{guide.EntryTitle}' once with a backup initramfs:");
                int n = 1;
                foreach (RecoveryStep step in guide.Steps)
                    output.Stdout.WriteLine($"{n++,2}. {step.Keys}\n      {step.Says}");
                if (guide.Backups.Count > 0)
                    output.Stdout.WriteLine($"backups found: {string.Join(", ", guide.Backups)}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
