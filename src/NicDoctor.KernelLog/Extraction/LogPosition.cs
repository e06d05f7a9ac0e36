using NicDoctor.KernelLog.Framing;

namespace NicDoctor.KernelLog.Extraction;

/// <summary>One logical message line on its way through extraction: its text, framing facts and where it came from.</summary>
internal sealed record LogPosition(string Source, long Line, string Raw, FramedLine Framed)
{
    public EvidenceLine Evidence() =>
        new(Source, Line, Raw.Length <= EvidenceLine.MaxLength ? Raw : Raw[..EvidenceLine.MaxLength]);
}
