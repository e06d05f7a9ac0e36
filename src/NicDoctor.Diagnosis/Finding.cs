using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Rules;

namespace NicDoctor.Diagnosis;

/// <summary>One conclusion about the host, with the evidence that led to it and what to do.</summary>
public sealed record Finding
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required Severity Severity { get; init; }
    public required Confidence Confidence { get; init; }
    public bool Weak { get; init; }
    /// <summary>What the finding is about: an interface, a module, or the host.</summary>
    public required string Subject { get; init; }
    public required string Explanation { get; init; }
    public string? Fix { get; init; }
    public IReadOnlyList<string> Next { get; init; } = [];
    public IReadOnlyList<RuleSource> Sources { get; init; } = [];
    public IReadOnlyList<EvidenceRef> Evidence { get; init; } = [];
    internal RuleScope Scope { get; init; }
}

/// <summary>The outcome of a diagnosis: a verdict line, ranked findings, and the gaps in the evidence.</summary>
public sealed record DiagnosisReport
{
    public required string Verdict { get; init; }
    /// <summary>True when at least one finding is a warning or worse.</summary>
    public required bool ProblemFound { get; init; }
    public string? Host { get; init; }
    public string? KernelRelease { get; init; }
    public IReadOnlyList<NicFact> Nics { get; init; } = [];
    public IReadOnlyList<EventFact> Events { get; init; } = [];
    public IReadOnlyList<QueueStallFact> Stalls { get; init; } = [];
    public IReadOnlyList<QueueCountersFact> QueueCounters { get; init; } = [];
    public IReadOnlyList<ModuleFact> Modules { get; init; } = [];
    public required IReadOnlyList<Finding> Findings { get; init; }
    public IReadOnlyList<string> Gaps { get; init; } = [];
}
