using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.Planning;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Upgrade;

/// <summary>
/// <c>nicdoctor upgrade plan --module NEW.ko -o CHANGESET</c>: pre-flight checks in order, stopping
/// at the first failure having written nothing; on success the change set directory.
/// </summary>
internal static class UpgradePlanCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var module = new Option<string>("--module", "-m") { Description = "The new driver module (.ko, .ko.xz, .ko.zst, .ko.gz)", HelpName = "FILE", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Change set directory to create (must not exist or be empty)", HelpName = "DIR", Required = true };
        var iface = new Option<string[]>("--iface") { Description = "Interface the driver serves (for apply --reload); repeatable", HelpName = "IF", AllowMultipleArgumentsPerToken = false };
        var kernel = new Option<string>("--kernel", "-k") { Description = "Target kernel release (default: the running kernel for /, the only one under --root otherwise)", HelpName = "KVER" };
        var root = UpgradeCommand.RootOption();
        var bundle = new Option<string>("--bundle") { Description = "Plan against an evidence bundle (directory or .tar.gz from nicdoctor-collect.sh) instead of --root; apply re-checks on the host what a bundle cannot show", HelpName = "B" };
        var strip = new Option<bool>("--strip-debug") { Description = "Ship the module without debug sections (drops a signature)" };
        var strategy = new Option<string>("--image-strategy") { Description = "How to make the new boot image when the current one carries the driver: rebuild (host's dracut/mkinitramfs) or inject", HelpName = "rebuild|inject", DefaultValueFactory = _ => "rebuild" };
        strategy.AcceptOnlyFromAmong("rebuild", "inject");
        var generator = new Option<string>("--image-generator") { Description = "Image generator command instead of the host's, words split on spaces; {new} {kver} {root} {current} {module} are replaced", HelpName = "CMD" };
        var enforce = new Option<bool>("--enforce-signatures") { Description = "Treat the target as refusing unsigned modules (Secure Boot lockdown) even if its /sys does not say so" };
        var command = new Command("plan", "Check a new driver against the target kernel and host, and write a change set (plan.json, artifacts, apply.sh, rollback.sh); exit 1 when a check fails")
        {
            module, output, iface, kernel, root, bundle, strip, strategy, generator, enforce,
        };
        CommandAction.Set(command, globals, (parse, o) =>
        {
            string modulePath = parse.GetValue(module)!;
            if (!File.Exists(modulePath))
                throw new UserErrorException("upgrade plan", $"{modulePath}: no such module file");
            string rootDir = parse.GetValue(root)!;
            string? bundlePath = parse.GetValue(bundle);
            if (bundlePath is not null && rootDir != "/")
                throw new UserErrorException("upgrade plan", "--root and --bundle exclude each other: plan against a file system or against a bundle");
            if (bundlePath is not null && !File.Exists(bundlePath) && !Directory.Exists(bundlePath))
                throw new UserErrorException("upgrade plan", $"{bundlePath}: no such bundle");
            if (!Directory.Exists(rootDir))
                throw new UserErrorException("upgrade plan", $"{rootDir}: no such root directory");
            var request = new PlanRequest
            {
                ModulePath = modulePath,
                OutputDirectory = parse.GetValue(output)!,
                Root = rootDir,
                Bundle = bundlePath,
                KernelRelease = parse.GetValue(kernel),
                Interfaces = parse.GetValue(iface) ?? [],
                StripDebug = parse.GetValue(strip),
                ImageStrategy = parse.GetValue(strategy)!,
                ImageGenerator = parse.GetValue(generator)?.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                EnforceSignatures = parse.GetValue(enforce),
            };
            PlanOutcome outcome = UpgradePlanner.Plan(request);
            var report = new PlanReport(outcome.Succeeded, outcome.ChangeSetDirectory, outcome.Checks, outcome.Plan);
            if (o.Json)
                JsonOutput.Write(o.Stdout, report, UpgradeJsonContext.Default.PlanReport);
            else
                Render(report, o);
            return outcome.Succeeded ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }

    private static void Render(PlanReport report, Output output)
    {
        foreach (PlanCheck check in report.Checks)
        {
            string mark = check.Passed ? "[green]ok[/]    " : "[red]FAILED[/]";
            output.Console.MarkupLine($"{mark} [bold]{Markup.Escape(check.Name)}[/]: {Markup.Escape(check.Detail)}");
        }
        if (report.Plan is not { } plan)
        {
            output.Stdout.WriteLine("nothing was written.");
            return;
        }
        output.Stdout.WriteLine();
        output.Console.MarkupLine($"change set [bold]{Markup.Escape(report.ChangeSet!)}[/] ({Markup.Escape(plan.Id)}), kernel {Markup.Escape(plan.KernelRelease)}:");
        int n = 1;
        foreach (string step in plan.Steps)
            output.Stdout.WriteLine($"  {n++}. {Describe(step, plan)}");
        output.Stdout.WriteLine($"apply: nicdoctor upgrade apply {report.ChangeSet}   (or on the host: sh {report.ChangeSet}/apply.sh)");
    }

    private static string Describe(string step, ChangeSetPlan plan) => step switch
    {
        "verify-preconditions" => $"verify the sha256 of {plan.Preconditions.Count} files (refuse on any difference)",
        "backup" => $"back up {plan.Preconditions.Count(p => p.Sha256 is not null)} files, sha256 re-verified",
        "install-module" => $"install {plan.Module.Artifact} as {plan.InstallPath} (sha256 {plan.Module.Sha256[..12]}...); the in-box file stays",
        "depmod" => $"depmod {plan.KernelRelease}",
        "verify-resolution" => $"verify modules.dep resolves {plan.Module.Name} to {plan.InstallPath}",
        "boot-image" => $"{plan.BootImage!.Strategy} {plan.BootImage.Path} into a new file, host-fit check, replace atomically (backup {plan.BootImage.BackupPath})",
        "boot-entry" => $"fallback boot entry for {plan.BootImage!.BackupPath}",
        "commit" => "record the change in /var/lib/nicdoctor/changes (nicdoctor upgrade status)",
        _ => step,
    };
}
