using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Upgrade.Boot;

namespace NicDoctor.Cli.Commands.Boot;

/// <summary><c>nicdoctor boot add-fallback</c>: a boot entry for the default kernel with a backup initramfs.</summary>
internal static class BootAddFallbackCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var initrd = new Option<string>("--initrd") { Description = "The backup initramfs the entry boots (a path on the host, e.g. /boot/initramfs-KVER.img.bak)", HelpName = "BACKUP", Required = true };
        var kernel = new Option<string>("--kernel") { Description = "Kernel to boot (default: the default entry's)", HelpName = "K" };
        var root = BootCommand.RootOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (files to write, commands to run, how to undo) and change nothing" };
        var command = new Command("add-fallback", "Add a boot entry that boots the default kernel with a backup initramfs (grubby, a BLS file, or /etc/grub.d + update-grub)")
        {
            initrd, kernel, root, dryRun,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            BootConfiguration config = BootConfigReader.Read(parse.GetValue(root)!, hashFiles: false);
            FallbackPlan plan;
            try
            {
                plan = FallbackPlanner.Plan(config, new FallbackRequest(parse.GetValue(initrd)!) { Kernel = parse.GetValue(kernel) });
            }
            catch (InvalidOperationException e)
            {
                throw new UserErrorException("boot add-fallback", e.Message);
            }
            if (!parse.GetValue(dryRun))
            {
                // The boot loader's tools act on the running system only: refuse a sandbox up front (nothing written).
                if (plan.Commands.Count > 0 && !new HostRoot(config.Root).IsLive)
                    throw new UserErrorException("boot add-fallback", $"this change runs {plan.Commands[0].Display}, which acts on the running system, not on {config.Root} (use --dry-run to see the plan)");
                try
                {
                    FallbackApplier.Apply(plan, ProcessCommandRunner.Instance);
                }
                catch (InvalidOperationException e)
                {
                    // A boot loader tool failed; the applier has undone its own writes.
                    throw new IOException($"boot add-fallback: {e.Message}", e);
                }
            }
            if (output.Json)
                JsonOutput.Write(output.Stdout, plan, BootJsonContext.Default.FallbackPlan);
            else
                Render(plan, parse.GetValue(dryRun), output);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(FallbackPlan plan, bool dryRun, Output output)
    {
        var w = output.Stdout;
        w.WriteLine(dryRun ? $"plan ({plan.Strategy}), nothing changed:" : $"added ({plan.Strategy}):");
        w.WriteLine($"  entry:  {plan.Title}");
        w.WriteLine($"  kernel: {plan.Kernel}");
        w.WriteLine($"  initrd: {plan.Initrd} (loader path {plan.InitrdLoaderPath}, sha256 {plan.InitrdSha256})");
        foreach (BootFileWrite f in plan.Writes)
        {
            w.WriteLine($"  write {f.HostPath}:");
            foreach (string line in f.Content.TrimEnd('\n').Split('\n'))
                w.WriteLine($"    | {line}");
        }
        foreach (NicDoctor.Upgrade.Boot.BootCommand c in plan.Commands)
            w.WriteLine($"  run: {c.Display}{(c.ExpectedOutput is null ? "" : $"  (expect: {c.ExpectedOutput})")}");
        w.WriteLine("  undo:");
        foreach (BootFileWrite f in plan.UndoWrites)
            w.WriteLine($"    restore {f.HostPath}");
        foreach (string f in plan.UndoRemoves)
            w.WriteLine($"    rm {f}");
        foreach (NicDoctor.Upgrade.Boot.BootCommand c in plan.UndoCommands)
            w.WriteLine($"    run: {c.Display}");
        foreach (string note in plan.Notes)
            w.WriteLine($"  note: {note}");
    }
}
