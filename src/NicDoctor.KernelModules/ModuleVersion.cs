namespace NicDoctor.KernelModules;

/// <summary>One <c>__versions</c> entry: the CRC the module was built against for an imported symbol.</summary>
public readonly record struct ModuleVersion(string Symbol, ulong Crc);
