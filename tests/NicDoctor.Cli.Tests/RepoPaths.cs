namespace NicDoctor.Cli.Tests;

/// <summary>Locates the repository checkout the tests run from (for comparing against source files).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

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
