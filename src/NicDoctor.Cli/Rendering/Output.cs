using System.CommandLine;
using Spectre.Console;

namespace NicDoctor.Cli.Rendering;

/// <summary>
/// Where and how a command prints: JSON or human, colour or not, the writers to use. Built once
/// per invocation from the global options; renderers take this instead of touching Console.
/// </summary>
internal sealed class Output
{
    private Output(TextWriter stdout, TextWriter stderr, bool json, bool color, bool verbose)
    {
        Stdout = stdout;
        Stderr = stderr;
        Json = json;
        Color = color;
        Verbose = verbose;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
    }

    public TextWriter Stdout { get; }
    public TextWriter Stderr { get; }
    public bool Json { get; }
    public bool Color { get; }
    public bool Verbose { get; }

    /// <summary>Spectre console writing to <see cref="Stdout"/>, for tables and markup.</summary>
    public IAnsiConsole Console { get; }

    public static Output From(ParseResult parse, GlobalOptions globals, TextWriter stdout, TextWriter stderr)
    {
        bool json = parse.GetValue(globals.Json);
        bool color = !json
            && !parse.GetValue(globals.NoColor)
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && ReferenceEquals(stdout, System.Console.Out)
            && !System.Console.IsOutputRedirected;
        return new Output(stdout, stderr, json, color, parse.GetValue(globals.Verbose));
    }
}
