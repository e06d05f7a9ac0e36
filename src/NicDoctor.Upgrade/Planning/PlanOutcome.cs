using NicDoctor.Upgrade.ChangeSets;

namespace NicDoctor.Upgrade.Planning;

/// <summary>
/// The checks made, in order; <see cref="Plan"/> is null when one failed (the last one), in
/// which case nothing was written.
/// </summary>
public sealed record PlanOutcome(IReadOnlyList<PlanCheck> Checks, ChangeSetPlan? Plan, string? ChangeSetDirectory)
{
    public bool Succeeded => Plan is not null;
}
