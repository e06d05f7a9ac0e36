using System.IO.Compression;
using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog;

/// <summary>Opens log inputs: gzip sniffing, and which files of a directory (sosreport, /var/log) are kernel logs.</summary>
public static partial class KernelLogSource
{
    /// <summary>UTF-8 text over <paramref name="stream"/>, decompressing gzip when the first bytes say so.</summary>
    public static TextReader OpenText(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[2];
        int got = 0;
        while (got < 2)
        {
            int n = stream.Read(head, got, 2 - got);
            if (n == 0)
                break;
            got += n;
        }
        Stream rest = new PrefixedStream(head.AsMemory(0, got), stream, leaveOpen);
        if (got == 2 && head[0] == 0x1f && head[1] == 0x8b)
            rest = new GZipStream(rest, CompressionMode.Decompress, leaveOpen: false);
        return new StreamReader(rest, KernelLogAnalyzer.Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: false);
    }

    /// <summary>
    /// The kernel-log files under <paramref name="directory"/> (recursively): <c>dmesg*</c>, <c>messages*</c>,
    /// <c>kern.log*</c>, <c>syslog*</c>, <c>kmsg*</c>, <c>journal*</c> — e.g. a sosreport's
    /// <c>sos_commands/kernel/dmesg</c> and <c>var/log/messages-20201105.gz</c>. Rotated files come
    /// oldest first (<c>messages.2.gz</c>, <c>messages.1</c>, <c>messages</c>).
    /// </summary>
    public static IReadOnlyList<string> FilesIn(string directory)
    {
        var files = new List<string>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (string path in Directory.EnumerateFiles(directory, "*", options))
        {
            if (KernelLogNameRegex().IsMatch(Path.GetFileName(path)))
                files.Add(path);
        }
        return [.. files.OrderBy(p => Path.GetDirectoryName(p), StringComparer.Ordinal)
            .ThenBy(p => BaseName(Path.GetFileName(p)), StringComparer.Ordinal)
            .ThenByDescending(p => RotationKey(Path.GetFileName(p)), StringComparer.Ordinal)];
    }

    private static string BaseName(string name) => RotationRegex().Replace(name, "");

    // "messages.3.gz" → "000003", "messages-20201105" → "20201105"; the live file sorts last.
    private static string RotationKey(string name)
    {
        Match m = RotationRegex().Match(name);
        if (!m.Success)
            return "";
        string digits = m.Groups["n"].Value;
        return digits.Length >= 8 ? "~" + digits : digits.PadLeft(6, '0');
    }

    [GeneratedRegex(@"^(?:dmesg|messages|kern\.log|kern|syslog|kmsg|journal)(?:[._-].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex KernelLogNameRegex();

    [GeneratedRegex(@"[.-](?<n>\d+)(?:\.gz)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RotationRegex();
}
