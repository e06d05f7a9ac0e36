namespace NicDoctor.Nic.Tests;

/// <summary>Where the repository, the fixtures and the built CLI are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string PublicFixture(string name) => Path.Combine(Fixtures, "public", name);

    public static string SeedSample => Path.Combine(RepoRoot, "samples", "i40e-queue44");

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
