using System.CommandLine;
using NicDoctor.Cli.Rendering;

namespace NicDoctor.Cli.Commands;

/// <summary>Binds a command body that receives the parse result and the shared <see cref="Output"/>.</summary>
internal static class CommandAction
{
    public static void Set(Command command, GlobalOptions globals, Func<ParseResult, Output, int> body)
    {
        command.SetAction(parse =>
        {
            var config = parse.InvocationConfiguration;
            return body(parse, Output.From(parse, globals, config.Output, config.Error));
        });
    }

    /// <summary>A reserved verb whose issue has not landed yet: says so on stderr, exit 1.</summary>
    public static Command NotYetImplemented(string name, string description, int issue)
    {
        var command = new Command(name, $"{description} [not implemented yet: issue #{issue}]");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Error.WriteLine($"nicdoctor: {name}: not implemented yet (issue #{issue})");
            return ExitCodes.Findings;
        });
        return command;
    }
}
