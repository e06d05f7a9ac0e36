namespace NicDoctor.KernelModules;

/// <summary>A symbol a module exports, with its CRC when the module carries one (<c>__crc_*</c>).</summary>
public readonly record struct ModuleExport(string Symbol, uint? Crc, bool GplOnly);
