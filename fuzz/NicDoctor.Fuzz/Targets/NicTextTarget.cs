using System.Text;
using NicDoctor.Nic.Text;

namespace NicDoctor.Fuzz.Targets;

/// <summary>
/// The captured-tool-output parsers (ethtool -S/-l/-i/plain, lspci -vvv). The first input byte
/// picks the parser, the rest is the text. Documented bad-input exception:
/// <see cref="InvalidDataException"/> from <c>NicFormatException</c>.
/// </summary>
public sealed class NicTextTarget : FuzzTarget
{
    private static readonly Action<TextReader>[] Parsers =
    [
        r => EthtoolStatsParser.ParseAll(r, "capture"),
        r => EthtoolChannelsParser.Parse(r, "capture"),
        r => EthtoolDriverInfoParser.Parse(r, "capture"),
        r => EthtoolSettingsParser.Parse(r, "capture"),
        r => LspciParser.Parse(r, "capture"),
    ];

    public override string Name => "nictext";

    public override IReadOnlyList<string> InstrumentedAssemblies => ["NicDoctor.Nic.dll"];

    public override string InputName => "capture";

    public override Exception? Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
            return null;
        Action<TextReader> parse = Parsers[input[0] % Parsers.Length];
        try
        {
            parse(new StringReader(Encoding.UTF8.GetString(input[1..])));
            return null;
        }
        catch (InvalidDataException ex)
        {
            return ex;
        }
    }
}
