namespace NicDoctor.Initramfs.Verify;

/// <summary>One problem found by <see cref="InitramfsVerifier"/>; offset is in the image file when known.</summary>
public sealed record VerifyFinding(FindingSeverity Severity, int? Part, long? Offset, string Message);
