using System.Text.RegularExpressions;

namespace NicDoctor.KernelModules.Tests;

/// <summary>What GNU readelf says about a file, parsed into comparable lists.</summary>
internal static partial class ReadElf
{
    /// <summary>(name, type, offset, size) of every section, from <c>readelf -SW</c>.</summary>
    public static List<(string Name, string Type, ulong Offset, ulong Size)> Sections(string file)
    {
        var result = new List<(string, string, ulong, ulong)>();
        foreach (string line in RealTools.Run("readelf", ["-SW", file]).Split('\n'))
        {
            Match m = SectionLine().Match(line);
            if (m.Success)
                result.Add((m.Groups[2].Value.Trim(), m.Groups[3].Value, Convert.ToUInt64(m.Groups[5].Value, 16), Convert.ToUInt64(m.Groups[6].Value, 16)));
        }
        return result;
    }

    /// <summary>Section name and type only, the "section list" strip results are compared on.</summary>
    public static List<string> SectionList(string file) => [.. Sections(file).Select(s => $"{s.Name} {s.Type}")];

    /// <summary><c>readelf -sW</c> symbol rows without the index column.</summary>
    public static List<string> Symbols(string file) =>
        [.. RealTools.Run("readelf", ["-sW", file]).Split('\n').Select(l => SymbolLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    /// <summary>Symbol rows with the section index column dropped (for files whose section order differs).</summary>
    public static List<string> SymbolsWithoutSectionIndex(string file) =>
        [.. Symbols(file).Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(t => string.Join(' ', t.Take(5).Concat(t.Skip(6))))];

    /// <summary><c>readelf -rW</c> with the section-offset header lines reduced to the section name.</summary>
    public static string Relocations(string file) =>
        RelocationHeader().Replace(RealTools.Run("readelf", ["-rW", file]), "Relocation section '$1'");

    // Section 0 has an empty name and is skipped: "[ 1] .text PROGBITS 0000000000000000 000040 00000f ...".
    [GeneratedRegex(@"^\s*\[\s*([1-9]\d*)\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s")]
    private static partial Regex SectionLine();

    /// <summary>Relocations by offset, type, symbol name and addend: without r_info, whose symbol index depends on the symbol table order.</summary>
    public static string RelocationsBySymbolName(string file) => RelocationInfo().Replace(Relocations(file), "$1");

    [GeneratedRegex(@"(?m)^([0-9a-f]{8,16})\s+[0-9a-f]{8,16}")]
    private static partial Regex RelocationInfo();

    [GeneratedRegex(@"^\s*\d+:\s+(.*)$")]
    private static partial Regex SymbolLine();

    [GeneratedRegex(@"Relocation section '([^']*)' at offset 0x[0-9a-f]+")]
    private static partial Regex RelocationHeader();
}
