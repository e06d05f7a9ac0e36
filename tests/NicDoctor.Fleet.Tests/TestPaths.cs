namespace NicDoctor.Fleet.Tests;

/// <summary>Where the repository, the seed sample, the collector and the built CLI are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The field case's captures: rx-44 frozen while tx-44 moves, i40e 1.6.27-k.</summary>
    public static string SeedSample => Path.Combine(RepoRoot, "samples", "i40e-queue44");

    public static string Collector => Path.Combine(RepoRoot, "src", "NicDoctor.Evidence", "Collector", "nicdoctor-collect.sh");

    public static string Rules => Path.Combine(RepoRoot, "contrib", "prometheus", "nicdoctor.rules.yml");

    /// <summary>The CLI's apphost, copied next to the tests by the project reference.</summary>
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "nicdoctor");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NicDoctor.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("repository root (NicDoctor.slnx) not found above " + AppContext.BaseDirectory);
    }
}
