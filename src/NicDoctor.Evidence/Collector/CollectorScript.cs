using System.Diagnostics;

namespace NicDoctor.Evidence.Collector;

/// <summary>How to run the collector on this host.</summary>
public sealed record CollectorOptions(string? Output, int Samples, int IntervalSeconds, string? Root = null);

/// <summary>
/// The portable POSIX sh collector (<c>nicdoctor-collect.sh</c>, embedded). The same script
/// serves hosts without .NET (<c>nicdoctor collect --script &gt; collect.sh</c>) and hosts where
/// nicdoctor runs (<see cref="Run"/> executes it with /bin/sh), so both produce one bundle format.
/// </summary>
public static class CollectorScript
{
    private const string ResourceName = "NicDoctor.Evidence.Collector.nicdoctor-collect.sh";

    /// <summary>The script's text.</summary>
    public static string Text { get; } = Load();

    /// <summary>Runs the collector with /bin/sh; returns the bundle path it printed.</summary>
    /// <exception cref="IOException">The collector failed; the message carries its stderr.</exception>
    public static string Run(CollectorOptions options, TextWriter? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Samples, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntervalSeconds);
        // A private fresh directory: as root, a predictable /tmp name could be a planted symlink.
        DirectoryInfo scratch = Directory.CreateTempSubdirectory("nicdoctor-collect-");
        string script = Path.Combine(scratch.FullName, "nicdoctor-collect.sh");
        File.WriteAllText(script, Text);
        try
        {
            var psi = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(script);
            if (options.Output is not null)
            {
                psi.ArgumentList.Add("-o");
                psi.ArgumentList.Add(options.Output);
            }
            psi.ArgumentList.Add("-n");
            psi.ArgumentList.Add(options.Samples.ToString(System.Globalization.CultureInfo.InvariantCulture));
            psi.ArgumentList.Add("-i");
            psi.ArgumentList.Add(options.IntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (options.Root is not null)
            {
                psi.ArgumentList.Add("-r");
                psi.ArgumentList.Add(options.Root);
            }
            using Process process = Process.Start(psi) ?? throw new IOException("cannot start /bin/sh");
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new IOException($"collector failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
            progress?.Write(stderr.Result);
            return stdout.Trim().Split('\n')[^1];
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static string Load()
    {
        using Stream s = typeof(CollectorScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} missing");
        using var reader = new StreamReader(s);
        return reader.ReadToEnd();
    }
}
