using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using NicDoctor.Cli.Rendering;

namespace NicDoctor.Cli;

/// <summary><c>--version</c>: version and the git commit it was built from.</summary>
internal sealed class VersionAction(GlobalOptions globals) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public static VersionInfo Current()
    {
        string informational = typeof(VersionAction).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        // SourceLink appends "+<full sha>" when the build ran inside a git checkout.
        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? new VersionInfo("nicdoctor", informational, null)
            : new VersionInfo("nicdoctor", informational[..plus], informational[(plus + 1)..]);
    }

    public override int Invoke(ParseResult parseResult)
    {
        VersionInfo v = Current();
        TextWriter stdout = parseResult.InvocationConfiguration.Output;
        if (parseResult.GetValue(globals.Json))
            JsonOutput.Write(stdout, v, CliJsonContext.Default.VersionInfo);
        else
            stdout.WriteLine(v.Commit is null ? $"nicdoctor {v.Version}" : $"nicdoctor {v.Version} (commit {v.Commit[..Math.Min(12, v.Commit.Length)]})");
        return ExitCodes.Ok;
    }
}
