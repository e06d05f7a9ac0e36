using System.CommandLine;

namespace NicDoctor.Cli.Commands.Upgrade;

/// <summary><c>nicdoctor upgrade</c>: guarded driver upgrade through a change set (plan, apply, rollback, status).</summary>
internal static class UpgradeCommand
{
    public static Command Create(GlobalOptions globals) => new("upgrade", "Guarded driver upgrade: plan a change set, apply it (optionally through a trial boot, then confirm), roll it back, show what changed")
    {
        UpgradePlanCommand.Create(globals),
        UpgradeApplyCommand.Create(globals),
        UpgradeConfirmCommand.Create(globals),
        UpgradeRollbackCommand.Create(globals),
        UpgradeStatusCommand.Create(globals),
    };

    /// <summary>The <c>--root</c> option shared by the subcommands.</summary>
    public static Option<string> RootOption() => new("--root")
    {
        Description = "Root of the target system (a sandbox tree or a mounted image); default /",
        HelpName = "DIR",
        DefaultValueFactory = _ => "/",
    };
}
