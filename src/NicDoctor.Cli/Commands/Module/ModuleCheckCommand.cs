using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.KernelModules;
using NicDoctor.KernelModules.Loading;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Module;

/// <summary>JSON shape of <c>module check --json</c>.</summary>
internal sealed record CheckReport(string Module, string Name, string Target, bool Loads, IReadOnlyList<CheckFinding> Findings);

internal sealed record CheckFinding(string Effect, string Check, string? KernelMessage, string? Detail);

/// <summary>
/// <c>nicdoctor module check FILE</c>: will this module load on that kernel? Prints what the
/// kernel would log, in its own words; exit 0 when it loads, 1 when it is refused.
/// </summary>
internal static class ModuleCheckCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var input = new Argument<string>("file") { Description = "Module file (.ko, .ko.xz, .ko.zst, .ko.gz)" };
        var kernel = new Option<string>("--kernel", "-k") { Description = "Target kernel release, its modules under BASEDIR/lib/modules/KVER (default: running kernel)", HelpName = "KVER" };
        var modulesDir = new Option<string>("--modules-dir") { Description = "Target kernel's module tree (a /lib/modules/KVER directory)", HelpName = "DIR" };
        var symvers = new Option<string>("--symvers") { Description = "Target's Module.symvers or symvers-KVER.gz (default: found next to the module tree or in /usr/src/linux-headers-KVER)", HelpName = "FILE" };
        var baseDir = new Option<string>("--basedir", "-b") { Description = "Root of the target system (for lib/modules, boot/config-KVER, usr/src)", HelpName = "DIR" };
        var enforce = new Option<bool>("--enforce-signatures") { Description = "The target enforces module signatures (Secure Boot lockdown, module.sig_enforce=1)" };
        var command = new Command("check", "Predict whether a kernel will load a module, in the kernel's own words (exit 0 loads, 1 refused)")
        {
            input, kernel, modulesDir, symvers, baseDir, enforce,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string file = parse.GetValue(input)!;
            using ModuleFile module = ModuleFile.Open(file);
            string? symversPath = parse.GetValue(symvers);
            string? dir = parse.GetValue(modulesDir);
            string? root = parse.GetValue(baseDir);
            bool enforced = parse.GetValue(enforce);
            KernelTarget target;
            if (dir is null && parse.GetValue(kernel) is null && symversPath is not null)
            {
                target = KernelTarget.FromSymvers(symversPath, enforced);
            }
            else
            {
                ModuleDirectory directory = dir is not null
                    ? new ModuleDirectory(dir)
                    : ModuleDirectory.ForKernel(parse.GetValue(kernel) ?? ModuleInfoCommand.RunningKernelRelease(), root);
                if (!Directory.Exists(directory.Path))
                    throw new UserErrorException("module check", $"{directory.Path}: no such module directory (use --kernel, --modules-dir or --symvers)");
                string moduleName = module.GetModinfo("name") ?? ModuleDirectory.ModuleNameOf(file);
                target = KernelTarget.FromModuleDirectory(directory, symversPath, root, moduleName, enforced);
            }
            LoadPrediction prediction = LoadPredictor.Predict(module, target);
            var report = new CheckReport(prediction.Module, prediction.ModuleName, prediction.Target, prediction.Loads,
                [.. prediction.Findings.Select(f => new CheckFinding(f.Effect.ToString().ToLowerInvariant(), f.Check, f.KernelMessage.Length == 0 ? null : f.KernelMessage, f.Detail))]);
            if (output.Json)
                JsonOutput.Write(output.Stdout, report, ModuleJsonContext.Default.CheckReport);
            else
                Render(report, output);
            return prediction.Loads ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }

    // Kernel messages are written unwrapped so they can be grepped and compared with dmesg.
    private static void Render(CheckReport report, Output output)
    {
        string verdict = report.Loads ? "[green]loads[/]" : "[red]refused[/]";
        output.Console.MarkupLine($"[bold]{Markup.Escape(report.Module)}[/] ({Markup.Escape(report.Name)}): {verdict}");
        output.Stdout.WriteLine($"target: {report.Target}");
        foreach (CheckFinding f in report.Findings)
        {
            output.Stdout.WriteLine(f.KernelMessage is null ? $"  {f.Effect,-8} ({f.Check})" : $"  {f.Effect,-8} kernel: {f.KernelMessage}");
            if (f.Detail is not null)
                output.Stdout.WriteLine($"           {f.Detail}");
        }
    }
}
