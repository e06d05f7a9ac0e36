using System.CommandLine;
using NicDoctor.Cli.Commands.Boot;
using NicDoctor.Cli.Commands.Collect;
using NicDoctor.Cli.Commands.Diagnose;
using NicDoctor.Cli.Commands.Exporter;
using NicDoctor.Cli.Commands.Initramfs;
using NicDoctor.Cli.Commands.Log;
using NicDoctor.Cli.Commands.Module;
using NicDoctor.Cli.Commands.Nic;
using NicDoctor.Cli.Commands.Upgrade;

namespace NicDoctor.Cli.Commands;

/// <summary>The top-level verbs, in the order <c>--help</c> lists them. Each lives in its own folder.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(GlobalOptions globals) =>
    [
        DiagnoseCommand.Create(globals),
        LogCommand.Create(globals),
        NicCommand.Create(globals),
        CollectCommand.Create(globals),
        InitramfsCommand.Create(globals),
        ModuleCommand.Create(globals),
        UpgradeCommand.Create(globals),
        ExporterCommand.Create(globals),
        BootCommand.Create(globals),
    ];
}
