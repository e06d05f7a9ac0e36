namespace NicDoctor.Initramfs.Compression;

/// <summary>Builds format exceptions that name the image and the compressed member.</summary>
internal sealed class CodecErrorContext(string sourceName, string codecName, long memberOffset)
{
    public string SourceName { get; } = sourceName;
    public long MemberOffset { get; } = memberOffset;

    public CpioFormatException Corrupt(long offset, string problem, Exception? inner = null) =>
        new(SourceName, offset, $"corrupt {codecName} data (member at 0x{MemberOffset:x}): {problem}", inner: inner);

    public CpioFormatException Truncated(long offset) =>
        new(SourceName, offset, $"truncated {codecName} data: the member starting at 0x{MemberOffset:x} ends early");
}
