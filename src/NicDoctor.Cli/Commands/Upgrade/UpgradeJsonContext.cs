using System.Text.Json.Serialization;
using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.State;

namespace NicDoctor.Cli.Commands.Upgrade;

/// <summary>JSON of <c>upgrade plan --json</c>: the checks in order and, when all passed, the plan.</summary>
internal sealed record PlanReport(bool Planned, string? ChangeSet, IReadOnlyList<PlanCheck> Checks, ChangeSetPlan? Plan);

/// <summary>JSON of <c>upgrade apply --json</c>.</summary>
internal sealed record ApplyReport(bool Applied, string ChangeSet, ApplyResult? Result, string? Refused, string? Reload);

/// <summary>JSON of <c>upgrade rollback --json</c>.</summary>
internal sealed record RollbackReport(string ChangeSet, RollbackResult Result);

/// <summary>JSON of <c>upgrade status --json</c>.</summary>
internal sealed record StatusReport(string Root, IReadOnlyList<ChangeStatus> Changes);

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PlanReport))]
[JsonSerializable(typeof(ApplyReport))]
[JsonSerializable(typeof(RollbackReport))]
[JsonSerializable(typeof(StatusReport))]
internal sealed partial class UpgradeJsonContext : JsonSerializerContext;
