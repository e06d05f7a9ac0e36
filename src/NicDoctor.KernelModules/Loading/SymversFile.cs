using System.Globalization;
using System.IO.Compression;

namespace NicDoctor.KernelModules.Loading;

/// <summary>
/// Reads <c>Module.symvers</c> / <c>symvers-KVER.gz</c>: <c>0xCRC\tsymbol\tmodule\tEXPORT_TYPE[\tnamespace]</c>
/// (Documentation/kbuild/modules.rst).
/// </summary>
public static class SymversFile
{
    public static IReadOnlyList<KernelExport> Read(string path)
    {
        using FileStream file = File.OpenRead(path);
        Stream stream = file;
        Span<byte> head = stackalloc byte[2];
        if (file.Read(head) == 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            file.Position = 0;
            stream = new GZipStream(file, CompressionMode.Decompress);
        }
        else
        {
            file.Position = 0;
        }
        using var reader = new StreamReader(stream);
        return Read(reader, path);
    }

    public static IReadOnlyList<KernelExport> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var exports = new List<KernelExport>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            string[] fields = line.Split('\t');
            if (fields.Length < 4 || !fields[0].StartsWith("0x", StringComparison.Ordinal)
                || !uint.TryParse(fields[0].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint crc))
                throw new InvalidDataException($"{source}: line {lineNumber}: not a Module.symvers row (0xCRC<TAB>symbol<TAB>module<TAB>export type): '{line}'");
            string? ns = fields.Length > 4 && fields[4].Length > 0 ? fields[4] : null;
            exports.Add(new KernelExport(fields[1], crc, fields[2], fields[3].EndsWith("_GPL", StringComparison.Ordinal), ns));
        }
        return exports;
    }
}
