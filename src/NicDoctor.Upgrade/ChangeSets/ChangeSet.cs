using System.Text.Json;

namespace NicDoctor.Upgrade.ChangeSets;

/// <summary>A change set directory on disk: its plan and the path of each artifact.</summary>
public sealed class ChangeSet
{
    private ChangeSet(string directory, ChangeSetPlan plan)
    {
        Directory = directory;
        Plan = plan;
    }

    public string Directory { get; }
    public ChangeSetPlan Plan { get; }

    public string ArtifactPath(string relative) => Path.Join(Directory, relative);

    /// <summary>Reads <c>plan.json</c> and checks every artifact against its recorded sha256.</summary>
    public static ChangeSet Load(string directory)
    {
        string planPath = Path.Join(directory, ChangeSetLayout.PlanFile);
        if (!File.Exists(planPath))
            throw new FileNotFoundException($"{planPath}: not found (is {directory} a change set from `nicdoctor upgrade plan`?)", planPath);
        ChangeSetPlan plan = ReadPlan(planPath);
        var set = new ChangeSet(directory, plan);
        string artifact = set.ArtifactPath(plan.Module.Artifact);
        if (!File.Exists(artifact))
            throw ChangeSetFormatException.Create(artifact, "artifact missing");
        string actual = FileDigest.Sha256(artifact);
        if (actual != plan.Module.Sha256)
            throw ChangeSetFormatException.Create(artifact, $"sha256 {actual} differs from plan.json's {plan.Module.Sha256}: the change set was altered");
        return set;
    }

    public static ChangeSetPlan ReadPlan(string planPath)
    {
        ChangeSetPlan? plan;
        try
        {
            using FileStream stream = File.OpenRead(planPath);
            plan = JsonSerializer.Deserialize(stream, ChangeSetJsonContext.Default.ChangeSetPlan);
        }
        catch (JsonException ex)
        {
            throw ChangeSetFormatException.Create(planPath, $"line {(ex.LineNumber ?? 0) + 1}: {ex.Message}");
        }
        if (plan is null)
            throw ChangeSetFormatException.Create(planPath, "empty plan");
        if (plan.Format != ChangeSetPlan.CurrentFormat)
            throw ChangeSetFormatException.Create(planPath, $"format '{plan.Format}', expected '{ChangeSetPlan.CurrentFormat}'");
        return plan;
    }

    public static void WritePlan(Stream stream, ChangeSetPlan plan) =>
        JsonSerializer.Serialize(stream, plan, ChangeSetJsonContext.Default.ChangeSetPlan);
}
