namespace NicDoctor.KernelLog;

/// <summary>One call-trace frame: <c>dev_watchdog+0x242/0x250 [module]</c>.</summary>
/// <param name="Function">Symbol name.</param>
/// <param name="Offset">Offset into the function (hex text, e.g. <c>0x242</c>), when printed.</param>
/// <param name="Length">Function length (hex text), when printed.</param>
/// <param name="Module">Module the function lives in, when printed in brackets.</param>
/// <param name="Reliable">False for frames the unwinder marked with <c>?</c>.</param>
public sealed record StackFrame(string Function, string? Offset, string? Length, string? Module, bool Reliable);
