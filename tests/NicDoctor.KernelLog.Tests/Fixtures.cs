namespace NicDoctor.KernelLog.Tests;

/// <summary>Finds fixture files and the repository (for the seed sample) and runs the analyzer on them.</summary>
internal static class Fixtures
{
    public static string Root { get; } = FindRoot();

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string RepoPath(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>Analyzes a fixture with a fixed assumed year so BSD-syslog dates are deterministic.</summary>
    public static (List<KernelEvent> Events, KernelLogScan Scan) Analyze(string name, int assumedYear = 2020)
    {
        var analyzer = new KernelLogAnalyzer(new KernelLogOptions { AssumedYear = assumedYear });
        var events = new List<KernelEvent>();
        KernelLogScan scan = analyzer.ScanFile(Path(name), events.Add);
        return (events, scan);
    }

    public static (List<KernelEvent> Events, KernelLogScan Scan) AnalyzeText(string text, int assumedYear = 2020) =>
        new KernelLogAnalyzer(new KernelLogOptions { AssumedYear = assumedYear }).Analyze(text);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NicDoctor.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("repository root (NicDoctor.slnx) not found above " + AppContext.BaseDirectory);
    }
}
