namespace NicDoctor.Upgrade.Apply;

/// <summary>What rollback did; <see cref="LeftAlone"/> lists files changed by someone else since apply.</summary>
public sealed record RollbackResult(bool WasApplied, IReadOnlyList<string> Restored, IReadOnlyList<string> Removed, IReadOnlyList<string> LeftAlone, bool RanDepmod);
