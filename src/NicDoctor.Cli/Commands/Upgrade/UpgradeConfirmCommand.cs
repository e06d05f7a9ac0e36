using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.ChangeSets;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Upgrade;

/// <summary><c>nicdoctor upgrade confirm CHANGESET</c>: after a good trial boot, the new image becomes the default.</summary>
internal static class UpgradeConfirmCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var changeSet = new Argument<string>("changeset") { Description = "Change set directory applied with --trial-boot" };
        var root = UpgradeCommand.RootOption();
        var force = new Option<bool>("--force") { Description = "Confirm although /proc/cmdline lacks the trial marker (this boot is not the trial boot)" };
        var command = new Command("confirm", "After a good trial boot (apply --trial-boot): replace the current image with the tried one, drop the trial entry, add the fallback entry to the backup; exit 1 when refused")
        {
            changeSet, root, force,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string dir = parse.GetValue(changeSet)!;
            ChangeSet set = ChangeSet.Load(dir);
            ApplyResult result;
            try
            {
                result = ChangeSetConfirm.Confirm(set.Plan, new ApplyOptions { Root = parse.GetValue(root)!, Force = parse.GetValue(force) });
            }
            catch (UpgradeRefusedException refused)
            {
                if (output.Json)
                    JsonOutput.Write(output.Stdout, new ApplyReport(false, dir, null, refused.Message, null), UpgradeJsonContext.Default.ApplyReport);
                else
                    output.Console.MarkupLine($"[red]refused[/] {Markup.Escape(refused.Message)}");
                return ExitCodes.Findings;
            }
            if (output.Json)
            {
                JsonOutput.Write(output.Stdout, new ApplyReport(true, dir, result, null, null), UpgradeJsonContext.Default.ApplyReport);
                return ExitCodes.Ok;
            }
            output.Console.MarkupLine($"[green]confirmed[/] {Markup.Escape(result.Id)}");
            foreach (WrittenFile f in result.Written)
                output.Stdout.WriteLine($"  wrote {f.Path}  sha256 {f.Sha256}  (original kept at {f.BackupPath})");
            foreach (string note in result.Notes)
                output.Stdout.WriteLine($"  note: {note}");
            output.Stdout.WriteLine($"undo: nicdoctor upgrade rollback {dir}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
