using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.ChangeSets;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Upgrade;

/// <summary><c>nicdoctor upgrade rollback CHANGESET</c>: every replaced file back byte-identical, added files removed.</summary>
internal static class UpgradeRollbackCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var changeSet = new Argument<string>("changeset") { Description = "Change set directory (or the plan copy's directory under /var/lib/nicdoctor/changes)" };
        var root = UpgradeCommand.RootOption();
        var command = new Command("rollback", "Undo a change set, also after an interrupted apply: restore every replaced file byte-identical (sha256 verified), remove what was added; exit 1 when a file changed since apply was left alone")
        {
            changeSet, root,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string dir = parse.GetValue(changeSet)!;
            ChangeSetPlan plan = ChangeSet.ReadPlan(Path.Join(dir, ChangeSetLayout.PlanFile));
            RollbackResult result = ChangeSetRollback.Rollback(plan, new ApplyOptions { Root = parse.GetValue(root)! });
            if (output.Json)
            {
                JsonOutput.Write(output.Stdout, new RollbackReport(dir, result), UpgradeJsonContext.Default.RollbackReport);
            }
            else if (!result.WasApplied)
            {
                output.Stdout.WriteLine($"{plan.Id}: never applied under {parse.GetValue(root)}; nothing to roll back");
            }
            else
            {
                foreach (string f in result.Restored)
                    output.Stdout.WriteLine($"  restored {f}");
                foreach (string f in result.Removed)
                    output.Stdout.WriteLine($"  removed  {f}");
                foreach (string f in result.LeftAlone)
                    output.Console.MarkupLine($"  [yellow]left alone[/] {Markup.Escape(f)} (changed since apply)");
                if (result.RanDepmod)
                    output.Stdout.WriteLine("  ran depmod (the module indexes had changed since apply)");
                output.Console.MarkupLine(result.LeftAlone.Count == 0 ? $"[green]rolled back[/] {Markup.Escape(plan.Id)}" : $"[yellow]rolled back partly[/] {Markup.Escape(plan.Id)}");
            }
            return result.LeftAlone.Count == 0 ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }
}
