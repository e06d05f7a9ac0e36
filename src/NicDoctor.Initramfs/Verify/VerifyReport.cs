using NicDoctor.Initramfs.Image;

namespace NicDoctor.Initramfs.Verify;

/// <summary>The parts read (up to the first fatal error) and what is wrong.</summary>
public sealed record VerifyReport(IReadOnlyList<InitramfsSegment> Parts, IReadOnlyList<VerifyFinding> Findings)
{
    /// <summary>No finding that would stop the kernel.</summary>
    public bool WouldBoot => !Findings.Any(f => f.Severity == FindingSeverity.Error);
}
