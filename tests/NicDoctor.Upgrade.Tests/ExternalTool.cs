using System.Diagnostics;

namespace NicDoctor.Upgrade.Tests;

/// <summary>Runs the real tools the tests cross-check against (sha256sum, modinfo, modprobe, depmod, shells).</summary>
internal static class ExternalTool
{
    public static (int Code, string Stdout, string Stderr) Run(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        if (environment is not null)
        {
            foreach ((string k, string v) in environment)
                start.Environment[k] = v;
        }
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    public static string Ok(string program, params string[] arguments)
    {
        (int code, string stdout, string stderr) = Run(program, arguments);
        Assert.True(code == 0, $"{program} {string.Join(' ', arguments)}: exit {code}: {stderr}");
        return stdout;
    }

    public static string Sha256Sum(string path) => Ok("sha256sum", path).Split(' ')[0];
}
