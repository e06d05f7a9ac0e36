using System.CommandLine;
using System.CommandLine.Help;
using NicDoctor.Cli.Commands;

namespace NicDoctor.Cli;

/// <summary>
/// Builds the command tree and owns the one exception policy: every error becomes one line
/// <c>nicdoctor: WHAT: WHY</c> on stderr with exit 2 (usage/input) or 1 (failure).
/// </summary>
internal static class NicDoctorApp
{
    public static RootCommand BuildRoot(GlobalOptions globals)
    {
        var root = new RootCommand(
            "nicdoctor — find why a NIC transmit queue hangs, and upgrade its kernel driver safely.");
        globals.AddTo(root);
        foreach (Option option in root.Options)
        {
            if (option is VersionOption version)
                version.Action = new VersionAction(globals);
        }
        foreach (Command command in CommandCatalog.Create(globals))
            root.Subcommands.Add(command);
        root.SetAction(parse => new HelpAction().Invoke(parse));
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var globals = new GlobalOptions();
        RootCommand root = BuildRoot(globals);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            foreach (var error in parse.Errors)
                stderr.WriteLine($"nicdoctor: usage: {error.Message}");
            stderr.WriteLine("Try 'nicdoctor --help'.");
            return ExitCodes.UsageOrInput;
        }

        var config = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return parse.Invoke(config);
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(ex, stderr, parse.GetValue(globals.Verbose));
        }
    }
}
