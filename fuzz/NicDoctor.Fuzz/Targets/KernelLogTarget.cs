using NicDoctor.KernelLog;

namespace NicDoctor.Fuzz.Targets;

/// <summary>
/// A kernel log in any framing through <see cref="KernelLogAnalyzer.Scan(Stream, string, Action{KernelEvent})"/>.
/// The analyzer documents that bad content never throws (it becomes diagnostics); the one
/// exception allowed is <see cref="InvalidDataException"/> from a damaged gzip file.
/// </summary>
public sealed class KernelLogTarget : FuzzTarget
{
    public override string Name => "kernellog";

    public override IReadOnlyList<string> InstrumentedAssemblies => ["NicDoctor.KernelLog.dll"];

    public override string InputName => "fuzz.log";

    public override Exception? Run(ReadOnlySpan<byte> input)
    {
        bool gzip = input.Length >= 2 && input[0] == 0x1f && input[1] == 0x8b;
        var events = 0;
        try
        {
            _ = new KernelLogAnalyzer().Scan(new MemoryStream(input.ToArray(), writable: false), InputName, _ => events++);
            return null;
        }
        catch (InvalidDataException ex) when (gzip)
        {
            return ex;
        }
    }
}
