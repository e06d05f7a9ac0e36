namespace NicDoctor.KernelLog.Patterns;

/// <summary>
/// Texts that open a WARNING/BUG/Oops block (<c>lib/bug.c</c>, <c>kernel/panic.c</c> <c>__warn()</c>,
/// <c>arch/x86/kernel/dumpstack.c</c>, <c>arch/x86/mm/fault.c</c>). They are prefilter triggers too.
/// </summary>
internal static class KernelBlockMarkers
{
    /// <summary><c>kernel/panic.c</c> <c>__warn()</c> prints this before a WARNING on most kernels.</summary>
    public const string CutHere = "------------[ cut here ]------------";

    public static IReadOnlyList<string> Triggers { get; } =
    [
        "[ cut here ]",
        "WARNING:",
        "BUG:",
        "BUG at ",
        "Oops",
        "general protection fault",
        "Kernel panic - not syncing",
    ];
}
