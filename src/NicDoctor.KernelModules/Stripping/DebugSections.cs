using NicDoctor.KernelModules.Elf;

namespace NicDoctor.KernelModules.Stripping;

/// <summary>
/// Which sections binutils treats as debugging information: non-SHF_ALLOC sections recognised
/// by name only (bfd/elf.c _bfd_elf_make_section_from_shdr).
/// </summary>
public static class DebugSections
{
    private static readonly string[] Prefixes = [".debug", ".gnu.debuglto_.debug_", ".gnu.linkonce.wi.", ".zdebug", ".line", ".stab"];

    public static bool IsDebug(ElfSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (section.IsAlloc)
            return false;
        return section.Name == ".gdb_index" || Prefixes.Any(p => section.Name.StartsWith(p, StringComparison.Ordinal));
    }
}
