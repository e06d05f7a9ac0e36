namespace NicDoctor.Upgrade.State;

/// <summary>The journal's event names (shared with apply.sh/rollback.sh).</summary>
public static class JournalEvents
{
    public const string Begin = "begin";
    public const string StepDone = "step";
    public const string BackedUp = "backed-up";
    public const string Wrote = "wrote";
    /// <summary>A boot file as it was before an entry changed it (sha256 "-": it did not exist); the original is under backup/.</summary>
    public const string BootBackedUp = "boot-backed-up";

    /// <summary>A boot file as the entry left it.</summary>
    public const string BootEntry = "boot-entry";
    public const string BootEntrySkipped = "boot-entry-skipped";
    public const string Committed = "committed";

    /// <summary>--trial-boot: the new image waits beside the current one; next_entry names the trial entry.</summary>
    public const string TrialArmed = "trial-armed";

    /// <summary>
    /// `upgrade confirm` started: until <see cref="Confirmed"/>, its writes are not all recorded yet, so
    /// rollback treats the change set as unfinished (restores from the backups whatever it finds).
    /// </summary>
    public const string ConfirmBegin = "confirm-begin";

    /// <summary>`upgrade confirm`: the trial image replaced the current one, the fallback entry was added.</summary>
    public const string Confirmed = "confirmed";
    public const string Failed = "failed";
    public const string RollbackBegin = "rollback-begin";
    public const string Restored = "restored";
    public const string Removed = "removed";
    public const string LeftAlone = "left-alone";
    public const string RolledBack = "rolled-back";
    public const string Reloaded = "reloaded";
}
