namespace NicDoctor.Nic;

/// <summary>
/// Builds the exception for text that is not what the tool prints (an <c>ethtool</c> or
/// <c>lspci</c> capture, a procfs file). <see cref="InvalidDataException"/> is sealed, so this is a
/// factory: the message names the file and the 1-based line, <c>ethtool_-S_eno3: line 7: …</c>, and
/// <see cref="Exception.Data"/> carries <c>FileName</c> and <c>Line</c> for callers that want them.
/// </summary>
public static class NicFormatException
{
    public static InvalidDataException Create(string fileName, int line, string what)
    {
        var ex = new InvalidDataException($"{fileName}: line {line}: {what}");
        ex.Data["FileName"] = fileName;
        ex.Data["Line"] = line;
        return ex;
    }
}
