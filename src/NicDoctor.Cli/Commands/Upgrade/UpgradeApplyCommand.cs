using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.ChangeSets;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Upgrade;

/// <summary>
/// <c>nicdoctor upgrade apply CHANGESET</c>: the plan's steps natively; a failed check or error
/// rolls back (exit 1); <c>--reload</c> then swaps the running driver through the change set's
/// apply.sh (detached, rollback timer armed first).
/// </summary>
internal static class UpgradeApplyCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var changeSet = new Argument<string>("changeset") { Description = "Change set directory from `upgrade plan`" };
        var root = UpgradeCommand.RootOption();
        var reload = new Option<bool>("--reload") { Description = "Afterwards swap the running driver: detached, rollback timer armed first, links brought back, srcversion verified live" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds before the rollback timer restores the old driver (with --reload)", DefaultValueFactory = _ => 120, HelpName = "SECONDS" };
        var trialBoot = new Option<bool>("--trial-boot") { Description = "Keep the current image as the default; put the new one beside it with a trial entry and arm a one-shot boot (grubenv next_entry); confirm after a good boot with `upgrade confirm`" };
        var command = new Command("apply", "Apply a change set: verify preconditions, back up, install into updates/, depmod, verify, new boot image (host-fit checked), fallback boot entry; exit 1 when refused (nothing left changed)")
        {
            changeSet, root, reload, timeout, trialBoot,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string dir = parse.GetValue(changeSet)!;
            ChangeSet set = ChangeSet.Load(dir);
            string rootDir = parse.GetValue(root)!;
            ApplyResult result;
            try
            {
                result = ChangeSetApplier.Apply(set, new ApplyOptions { Root = rootDir, TrialBoot = parse.GetValue(trialBoot) });
            }
            catch (UpgradeRefusedException refused)
            {
                if (output.Json)
                    JsonOutput.Write(output.Stdout, new ApplyReport(false, dir, null, refused.Message, null), UpgradeJsonContext.Default.ApplyReport);
                else
                    output.Console.MarkupLine($"[red]refused[/] {Markup.Escape(refused.Message)}");
                return ExitCodes.Findings;
            }
            string? reloadOutcome = null;
            int code = ExitCodes.Ok;
            if (parse.GetValue(reload))
            {
                (code, reloadOutcome) = Reload(set, rootDir, parse.GetValue(timeout));
            }
            if (output.Json)
            {
                JsonOutput.Write(output.Stdout, new ApplyReport(true, dir, result, null, reloadOutcome), UpgradeJsonContext.Default.ApplyReport);
            }
            else
            {
                output.Console.MarkupLine($"[green]applied[/] {Markup.Escape(result.Id)}: {Markup.Escape(string.Join(", ", result.Steps))}");
                foreach (WrittenFile f in result.Written)
                    output.Stdout.WriteLine($"  wrote {f.Path}  sha256 {f.Sha256}" + (f.BackupPath is null ? string.Empty : $"  (original kept at {f.BackupPath})"));
                foreach (string note in result.Notes)
                    output.Stdout.WriteLine($"  note: {note}");
                if (reloadOutcome is not null)
                    output.Stdout.WriteLine($"  reload: {reloadOutcome}");
                output.Stdout.WriteLine($"undo: nicdoctor upgrade rollback {dir}");
            }
            return code;
        });
        return command;
    }

    // One implementation of the runtime switch: the change set's own apply.sh, which also runs without nicdoctor.
    private static (int Code, string Outcome) Reload(ChangeSet set, string root, int timeout)
    {
        var start = new System.Diagnostics.ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Join(set.Directory, ChangeSetLayout.ApplyScript));
        start.ArgumentList.Add("--reload-only");
        start.ArgumentList.Add("--timeout");
        start.ArgumentList.Add(timeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["ROOT"] = Path.GetFullPath(root) == "/" ? string.Empty : Path.GetFullPath(root);
        using var process = System.Diagnostics.Process.Start(start) ?? throw new IOException("sh: could not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdout.Result;
        string last = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "(no output)";
        return (process.ExitCode == 0 ? ExitCodes.Ok : ExitCodes.Findings, last);
    }
}
