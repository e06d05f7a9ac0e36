namespace NicDoctor.Upgrade.State;

/// <summary>One change set as the target's state directory records it.</summary>
public sealed record ChangeStatus(
    string Id,
    string KernelRelease,
    string Module,
    string? NewSrcversion,
    string State,
    string? Started,
    string? LastEvent,
    IReadOnlyList<string> StepsDone,
    IReadOnlyList<ChangedFile> Changed,
    IReadOnlyList<BackupStatus> Backups,
    string StateDirectory);

public sealed record ChangedFile(string Path, string Sha256, string Time);

/// <summary>A backup and whether it still has the sha256 recorded when it was taken.</summary>
public sealed record BackupStatus(string Path, string Of, string Sha256, bool Present, bool Verified);

/// <summary>The state words <c>upgrade status</c> prints.</summary>
public static class ChangeStates
{
    public const string Applied = "applied";

    /// <summary>Applied with --trial-boot: the one-shot boot is armed or done, `upgrade confirm` not yet run.</summary>
    public const string TrialPending = "trial-pending";

    /// <summary>`upgrade confirm` was killed half-way: roll back (the trial image may already be the current one).</summary>
    public const string ConfirmInterrupted = "confirm-interrupted";
    public const string Interrupted = "interrupted";
    public const string Failed = "failed";
    public const string RolledBack = "rolled-back";
    public const string RollbackInterrupted = "rollback-interrupted";
}
