namespace NicDoctor.Fleet.Summary;

/// <summary>
/// One host of a fleet summary: the diagnosis verdict and the NIC facts an operator sorts by.
/// <see cref="Error"/> is set (and the rest empty) when the bundle could not be read.
/// </summary>
public sealed record FleetHostRow
{
    public required string Host { get; init; }
    /// <summary>The bundle or sosreport the row comes from (file or directory name inside the fleet directory).</summary>
    public required string Source { get; init; }
    public string? Verdict { get; init; }
    public bool ProblemFound { get; init; }
    public string? KernelRelease { get; init; }
    /// <summary>Distinct NIC drivers, in interface order.</summary>
    public IReadOnlyList<string> Drivers { get; init; } = [];
    /// <summary>Distinct driver versions, in interface order.</summary>
    public IReadOnlyList<string> DriverVersions { get; init; } = [];
    /// <summary>Stalled queues as <c>IF:queue</c> (<c>eno3:44</c>).</summary>
    public IReadOnlyList<string> StalledQueues { get; init; } = [];
    /// <summary>Ids of the findings of warning or critical severity (<c>ND0101</c>).</summary>
    public IReadOnlyList<string> FindingIds { get; init; } = [];
    public string? Error { get; init; }
}
