using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Upgrade.State;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Upgrade;

/// <summary><c>nicdoctor upgrade status</c>: every change set applied here, its state, what changed when, backups and their checksums.</summary>
internal static class UpgradeStatusCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var root = UpgradeCommand.RootOption();
        var command = new Command("status", "What upgrade changed on this host: each change set's state, files written and when, backups with sha256 (exit 1 when one is interrupted or a backup no longer verifies)")
        {
            root,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string rootDir = parse.GetValue(root)!;
            IReadOnlyList<ChangeStatus> changes = UpgradeStatusReader.Read(rootDir);
            if (output.Json)
                JsonOutput.Write(output.Stdout, new StatusReport(rootDir, changes), UpgradeJsonContext.Default.StatusReport);
            else
                Render(changes, rootDir, output);
            bool trouble = changes.Any(c => c.State is ChangeStates.Interrupted or ChangeStates.RollbackInterrupted or ChangeStates.ConfirmInterrupted || c.Backups.Any(b => b.Present && !b.Verified)
                || (c.State == ChangeStates.Applied && c.Backups.Any(b => !b.Present)));
            return trouble ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(IReadOnlyList<ChangeStatus> changes, string root, Output output)
    {
        if (changes.Count == 0)
        {
            output.Stdout.WriteLine($"no change sets applied under {root}");
            return;
        }
        foreach (ChangeStatus c in changes)
        {
            string color = c.State switch { ChangeStates.Applied => "green", ChangeStates.TrialPending => "yellow", ChangeStates.RolledBack => "grey", _ => "red" };
            output.Console.MarkupLine($"[bold]{Markup.Escape(c.Id)}[/] {Markup.Escape(c.Module)} (srcversion {Markup.Escape(c.NewSrcversion ?? "-")}) on {Markup.Escape(c.KernelRelease)}: [{color}]{c.State}[/]  {c.Started} .. {c.LastEvent}");
            if (c.State is ChangeStates.Interrupted or ChangeStates.RollbackInterrupted or ChangeStates.ConfirmInterrupted)
                output.Stdout.WriteLine($"  interrupted after: {(c.StepsDone.Count == 0 ? "(no step)" : c.StepsDone[^1])}; run `nicdoctor upgrade rollback {c.StateDirectory}`");
            foreach (ChangedFile f in c.Changed)
                output.Stdout.WriteLine($"  {f.Time}  wrote  {f.Path}  {f.Sha256}");
            foreach (BackupStatus b in c.Backups)
            {
                string state = !b.Present ? "MISSING" : b.Verified ? "ok" : "CHANGED";
                output.Stdout.WriteLine($"  backup {b.Path}  of {b.Of}  {b.Sha256}  {state}");
            }
        }
    }
}
