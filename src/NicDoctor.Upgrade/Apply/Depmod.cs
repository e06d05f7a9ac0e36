using System.Diagnostics;

namespace NicDoctor.Upgrade.Apply;

/// <summary>The host's depmod and modprobe, pointed at a root (<c>-b ROOT</c> / <c>-d ROOT</c>) for sandbox trees.</summary>
public static class Depmod
{
    public static void Run(string root, string kernelRelease)
    {
        (int code, _, string stderr) = Tool.Run("depmod", IsHostRoot(root) ? ["-a", kernelRelease] : ["-b", root, "-a", kernelRelease]);
        if (code != 0)
            throw new IOException($"depmod {kernelRelease}: exit {code}: {stderr.Trim()}");
    }

    /// <summary><c>modprobe --show-depends</c> for the module; null when modprobe is not installed.</summary>
    public static string? ShowDepends(string root, string kernelRelease, string name)
    {
        if (!Tool.Exists("modprobe"))
            return null;
        List<string> args = IsHostRoot(root) ? [] : ["-d", root];
        args.AddRange(["-S", kernelRelease, "--show-depends", name]);
        (int code, string stdout, string stderr) = Tool.Run("modprobe", args);
        return code == 0 ? stdout : throw new IOException($"modprobe --show-depends {name}: exit {code}: {stderr.Trim()}");
    }

    public static bool IsHostRoot(string root) => Path.GetFullPath(root) == "/";
}

/// <summary>Runs an external program and collects its output.</summary>
public static class Tool
{
    public static (int Code, string Stdout, string Stderr) Run(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        using Process process = Process.Start(start) ?? throw new IOException($"{program}: could not start");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    public static bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':')
            .Append("/usr/sbin").Append("/sbin").Any(d => File.Exists(Path.Join(d, program)));
}
