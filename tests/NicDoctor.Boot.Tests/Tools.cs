using System.Diagnostics;

namespace NicDoctor.Boot.Tests;

/// <summary>Runs real host tools (sha256sum, grub-editenv) for expected values.</summary>
internal static class Tools
{
    public static (int Code, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    public static string Sha256Sum(string file)
    {
        var (code, stdout, stderr) = Run("sha256sum", file);
        Assert.True(code == 0, stderr);
        return stdout.Split(' ')[0];
    }

    /// <summary>grub-editenv from Debian's grub-common (listed in .ci/apt-packages.txt).</summary>
    public static void GrubEditenv(string file, params string[] args)
    {
        var (code, _, stderr) = Run("grub-editenv", [file, .. args]);
        Assert.True(code == 0, $"grub-editenv failed: {stderr}");
    }

    /// <summary>Runs the built nicdoctor (copied beside the tests) as a separate process.</summary>
    public static (int Code, string Stdout, string Stderr) Nicdoctor(params string[] args) =>
        Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "nicdoctor.dll"), .. args]);
}
