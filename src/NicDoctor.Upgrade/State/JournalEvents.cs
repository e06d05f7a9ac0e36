namespace NicDoctor.Upgrade.State;

/// <summary>The journal's event names (shared with apply.sh/rollback.sh).</summary>
public static class JournalEvents
{
    public const string Begin = "begin";
    public const string StepDone = "step";
    public const string BackedUp = "backed-up";
    public const string Wrote = "wrote";
    public const string BootEntry = "boot-entry";
    public const string BootEntrySkipped = "boot-entry-skipped";
    public const string Committed = "committed";
    public const string Failed = "failed";
    public const string RollbackBegin = "rollback-begin";
    public const string Restored = "restored";
    public const string Removed = "removed";
    public const string LeftAlone = "left-alone";
    public const string RolledBack = "rolled-back";
    public const string Reloaded = "reloaded";
}
