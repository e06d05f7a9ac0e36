namespace NicDoctor.Upgrade.ChangeSets;

/// <summary>File names inside a change set directory and in the target's state directory.</summary>
public static class ChangeSetLayout
{
    public const string PlanFile = "plan.json";
    public const string ArtifactsDirectory = "artifacts";
    public const string ApplyScript = "apply.sh";
    public const string RollbackScript = "rollback.sh";

    /// <summary>Per change set: <c>ROOT/var/lib/nicdoctor/changes/ID/</c> holds the journal and backups.</summary>
    public static string StateDirectory(string root, string id) => Path.Join(root, "var", "lib", "nicdoctor", "changes", id);

    public static string StatesRoot(string root) => Path.Join(root, "var", "lib", "nicdoctor", "changes");

    public const string JournalFile = "journal.tsv";
    public const string BackupDirectory = "backup";
    public const string PlanCopy = "plan.json";

    /// <summary>A root-relative path under ROOT (root "/" or a sandbox).</summary>
    public static string UnderRoot(string root, string relative) => Path.Join(root, relative);
}
