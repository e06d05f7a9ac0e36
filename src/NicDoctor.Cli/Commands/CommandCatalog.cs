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
    /// <summary>Each verb's name and how to build its command tree (the name must be the command's).</summary>
    public static readonly (string Name, Func<GlobalOptions, Command> Create)[] Verbs =
    [
        ("diagnose", DiagnoseCommand.Create),
        ("log", LogCommand.Create),
        ("nic", NicCommand.Create),
        ("collect", CollectCommand.Create),
        ("initramfs", InitramfsCommand.Create),
        ("module", ModuleCommand.Create),
        ("upgrade", UpgradeCommand.Create),
        ("exporter", ExporterCommand.Create),
        ("boot", BootCommand.Create),
    ];

    /// <summary>
    /// The verbs to build for these arguments: only the one named, when the first word that is not
    /// an option names one (the global options take no value), else all of them (help, typos).
    /// Building every verb's options costs start-up time that a single run does not need.
    /// </summary>
    public static IEnumerable<Command> Create(GlobalOptions globals, IReadOnlyList<string>? args = null)
    {
        string? verb = args?.FirstOrDefault(a => !a.StartsWith('-'));
        foreach (var (name, create) in Verbs)
        {
            if (verb is null || name == verb || !Verbs.Any(v => v.Name == verb))
                yield return create(globals);
        }
    }
}
