namespace NicDoctor.KernelModules.Elf;

/// <summary>One REL or RELA entry (<see cref="Addend"/> is 0 for REL).</summary>
public readonly record struct ElfRelocation(ulong Offset, uint SymbolIndex, uint Type, long Addend);
