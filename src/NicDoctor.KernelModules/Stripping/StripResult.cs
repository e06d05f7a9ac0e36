namespace NicDoctor.KernelModules.Stripping;

/// <summary>The outcome of <see cref="DebugStripper.Strip"/>: the new ELF image and what was dropped.</summary>
public sealed record StripResult(
    byte[] Image,
    long InputElfSize,
    IReadOnlyList<string> RemovedSections,
    int RemovedSymbols,
    bool SignatureRemoved);
