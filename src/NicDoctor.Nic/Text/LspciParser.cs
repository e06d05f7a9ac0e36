using System.Text.RegularExpressions;

namespace NicDoctor.Nic.Text;

/// <summary>
/// Parses <c>lspci</c>, <c>lspci -nn</c>, <c>-D</c> and the verbose forms (<c>-v</c>, <c>-k</c>,
/// <c>-nnvv</c> as sosreport keeps it). One function per non-indented line; of the indented detail
/// lines only <c>Subsystem:</c> and <c>Kernel driver in use:</c> are kept.
/// </summary>
public static partial class LspciParser
{
    public static IReadOnlyList<PciFunction> Parse(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var functions = new List<PciFunction>();
        foreach ((int number, string text) in NumberedLines.Read(reader))
        {
            if (text.Trim().Length == 0)
                continue;
            // sosreport keeps stderr in the same file: "lspci: Unable to load libkmod resources: error -2".
            if (text.StartsWith("lspci: ", StringComparison.Ordinal))
                continue;
            if (char.IsWhiteSpace(text[0]))
            {
                if (functions.Count == 0)
                    throw NicFormatException.Create(fileName, number, "detail line before any device line");
                string detail = text.Trim();
                if (detail.StartsWith("Subsystem: ", StringComparison.Ordinal))
                    functions[^1] = functions[^1] with { Subsystem = detail["Subsystem: ".Length..] };
                else if (detail.StartsWith("Kernel driver in use: ", StringComparison.Ordinal))
                    functions[^1] = functions[^1] with { KernelDriver = detail["Kernel driver in use: ".Length..] };
                continue;
            }
            Match m = DeviceLine().Match(text);
            if (!m.Success)
                throw NicFormatException.Create(fileName, number, $"expected 'BUS:DEV.FN CLASS: DESCRIPTION' as lspci prints, got '{EthtoolDriverInfoParser.Shorten(text)}'");
            functions.Add(new PciFunction(
                m.Groups["addr"].Value,
                m.Groups["class"].Value,
                Optional(m.Groups["classid"]),
                m.Groups["desc"].Value,
                Optional(m.Groups["ven"]),
                Optional(m.Groups["dev"]),
                Optional(m.Groups["rev"])));
        }
        return functions;
    }

    private static string? Optional(Group g) => g.Success ? g.Value : null;

    // 1a:00.2 Ethernet controller: Intel Corporation Ethernet Connection X722 for 1GbE (rev 09)
    // 00:03.0 Ethernet controller [0200]: Red Hat, Inc. Virtio 1.0 network device [1af4:1041] (rev 01)
    [GeneratedRegex(@"^(?<addr>(?:[0-9a-f]{4,8}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) (?<class>[^:\[]+?)(?: \[(?<classid>[0-9a-f]{4})\])?: (?<desc>.*?)(?: \[(?<ven>[0-9a-f]{4}):(?<dev>[0-9a-f]{4})\])?(?: \(rev (?<rev>[0-9a-f]{2})\))?(?: \(prog-if [^)]*\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex DeviceLine();
}
