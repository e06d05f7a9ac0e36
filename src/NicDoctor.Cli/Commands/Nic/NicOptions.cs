using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using NicDoctor.Nic.Sources;

namespace NicDoctor.Cli.Commands.Nic;

/// <summary>Options the nic subcommands share: the source (<c>--from</c>), the interface argument, the interval.</summary>
internal static class NicOptions
{
    public static Option<DirectoryInfo?> From() => new("--from")
    {
        Description = "Read captured tool output from DIR (ethtool_-S_IF, ethtool_-i_IF, lspci…, a sosreport or sample) instead of the live host",
        HelpName = "DIR",
    };

    public static Argument<string> Interface() => new("IF")
    {
        Description = "Network interface name, e.g. eno3",
    };

    public static Option<TimeSpan> Interval() => new("--interval")
    {
        Description = "Time between samples: 1s, 500ms, 2 (seconds)",
        HelpName = "TIME",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(1),
        CustomParser = ParseInterval,
    };

    /// <summary>The live host, or the capture directory given with <c>--from</c>.</summary>
    public static INicSource OpenSource(DirectoryInfo? from) =>
        from is null ? new LiveNicSource() : new CaptureDirectorySource(from.FullName);

    private static TimeSpan ParseInterval(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "1s";
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || value * scale < 0.01)
        {
            result.AddError($"--interval: '{text}' is not a time of at least 10ms (examples: 1s, 500ms, 2)");
            return TimeSpan.Zero;
        }
        return TimeSpan.FromSeconds(value * scale);
    }
}
