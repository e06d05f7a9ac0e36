using System.Diagnostics;

namespace NicDoctor.Evidence.Tests;

/// <summary>Runs real system tools for oracles and fixtures.</summary>
internal static class Tooling
{
    public static (int Code, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    public static string RepoRoot { get; } = FindRoot();

    public static string CollectorPath => Path.Combine(RepoRoot, "src", "NicDoctor.Evidence", "Collector", "nicdoctor-collect.sh");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NicDoctor.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("NicDoctor.slnx not found above " + AppContext.BaseDirectory);
    }
}
