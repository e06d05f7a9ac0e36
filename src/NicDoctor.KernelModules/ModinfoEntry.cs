namespace NicDoctor.KernelModules;

/// <summary>One <c>key=value</c> string of a module's <c>.modinfo</c> section (or a signature fact).</summary>
public readonly record struct ModinfoEntry(string Key, string Value);
