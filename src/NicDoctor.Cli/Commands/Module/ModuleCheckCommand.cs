using System.CommandLine;

namespace NicDoctor.Cli.Commands.Module;

/// <summary>JSON shape of <c>module check --json</c>.</summary>
internal sealed record CheckReport(string Module);

internal static class ModuleCheckCommand
{
    public static Command Create(GlobalOptions globals)
    {
        _ = globals;
        return CommandAction.NotYetImplemented("check", "Predict whether the kernel will load a module", 5);
    }
}
