using System.CommandLine;

namespace NicDoctor.Cli.Commands.Module;

/// <summary><c>nicdoctor module</c>: the kernel-module toolkit (info, strip, check).</summary>
internal static class ModuleCommand
{
    public static Command Create(GlobalOptions globals) => new("module", "Kernel modules: modinfo-identical info, strip-debug that stays loadable, will-it-load check")
    {
        ModuleInfoCommand.Create(globals),
        ModuleStripCommand.Create(globals),
        ModuleCheckCommand.Create(globals),
    };
}
