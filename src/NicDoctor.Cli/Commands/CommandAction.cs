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
}
