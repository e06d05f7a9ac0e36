namespace NicDoctor.KernelModules;

/// <summary>
/// Builds the exception for a kernel module file that is not what it claims to be.
/// <see cref="InvalidDataException"/> is sealed, so this is a factory: the message names the file
/// and the byte offset (in the decompressed image), <c>i40e.ko: offset 0x40: …</c>, and
/// <see cref="Exception.Data"/> carries <c>FileName</c> and <c>Offset</c> for callers that want them.
/// </summary>
public static class ModuleFormatException
{
    public static InvalidDataException Create(string source, long offset, string problem, Exception? inner = null)
    {
        var ex = new InvalidDataException($"{source}: offset 0x{offset:x}: {problem}", inner);
        ex.Data["FileName"] = source;
        ex.Data["Offset"] = offset;
        return ex;
    }

    /// <summary>The offset recorded by <see cref="Create"/>, or null for another exception.</summary>
    public static long? OffsetOf(Exception exception) => exception.Data["Offset"] as long?;
}
