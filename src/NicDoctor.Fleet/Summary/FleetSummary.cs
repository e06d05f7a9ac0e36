namespace NicDoctor.Fleet.Summary;

/// <summary>The diagnosis of every bundle in a fleet directory, one row per bundle, sorted by host.</summary>
public sealed record FleetSummary(string Directory, IReadOnlyList<FleetHostRow> Hosts)
{
    public int ProblemHosts => Hosts.Count(h => h.ProblemFound);
    public int UnreadableBundles => Hosts.Count(h => h.Error is not null);
}
