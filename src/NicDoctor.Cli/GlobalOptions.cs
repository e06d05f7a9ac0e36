using System.CommandLine;

namespace NicDoctor.Cli;

/// <summary>Options every command accepts (declared once on the root, recursive).</summary>
internal sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Machine-readable JSON on stdout (stable field names, no colour)",
        Recursive = true,
    };

    public Option<bool> NoColor { get; } = new("--no-color")
    {
        Description = "Never use colour (also when NO_COLOR is set or stdout is not a terminal)",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "More detail; on an internal error, the stack trace",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Json);
        root.Options.Add(NoColor);
        root.Options.Add(Verbose);
    }
}
