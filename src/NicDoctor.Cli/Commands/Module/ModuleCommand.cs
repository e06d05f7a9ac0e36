using System.CommandLine;

namespace NicDoctor.Cli.Commands.Module;

internal static class ModuleCommand
{
    public static Command Create(GlobalOptions globals) => CommandAction.NotYetImplemented(
        "module", "Kernel modules: modinfo-identical info, strip-debug that stays loadable, will-it-load check", 5);
}
