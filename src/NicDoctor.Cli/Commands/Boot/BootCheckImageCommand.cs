using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Upgrade.HostFit;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Boot;

/// <summary><c>nicdoctor boot check-image IMAGE</c>: would this initramfs boot this host? (exit 0 fits, 1 does not).</summary>
internal static class BootCheckImageCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var image = new Argument<string>("image") { Description = "The candidate initramfs" };
        var root = BootCommand.RootOption();
        var kernel = new Option<string>("--kernel", "-k") { Description = "Kernel release the image is for (default: running kernel)", HelpName = "KVER" };
        var current = new Option<string>("--current") { Description = "The image it would replace: no module of it may be lost", HelpName = "IMAGE" };
        var sha = new Option<string>("--sha256") { Description = "Refuse the image unless its sha256 is this", HelpName = "HEX" };
        var command = new Command("check-image", "Host-fit check of a boot image: kernel release, root fs and storage drivers, root=, lost modules (exit 0 fits, 1 does not)")
        {
            image, root, kernel, current, sha,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string release = parse.GetValue(kernel) ?? File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
            string path = parse.GetValue(image)!;
            if (!File.Exists(path))
                throw new UserErrorException("boot check-image", $"{path}: no such file");
            HostProfile host = HostProfile.Read(parse.GetValue(root)!, release);
            HostFitReport report = HostFitChecker.Check(new HostFitRequest(path, host)
            {
                CurrentImagePath = parse.GetValue(current),
                ExpectedSha256 = parse.GetValue(sha),
            });
            if (output.Json)
            {
                JsonOutput.Write(output.Stdout, report, BootJsonContext.Default.HostFitReport);
            }
            else
            {
                output.Console.MarkupLine(report.Fits ? $"[green]fits[/] this host (kernel {release})" : $"[red]does not fit[/] this host (kernel {release})");
                foreach (HostFitFinding f in report.Findings)
                    output.Stdout.WriteLine($"  {f.Severity.ToString().ToLowerInvariant(),-7} {f.Check}: {f.Message}");
            }
            return report.Fits ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }
}
