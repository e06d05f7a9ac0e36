namespace NicDoctor.Evidence.BootImage;

/// <summary>
/// One kernel module file found inside a boot image (initramfs).
/// <paramref name="Path"/> is the stored name without a leading "./"; <paramref name="Name"/> is
/// the module name as kmod normalises it ('-' as '_'); <paramref name="Size"/> and
/// <paramref name="Sha256"/> describe the stored (possibly compressed) file bytes;
/// <paramref name="HasSymbols"/> is true when the ELF keeps a <c>.symtab</c>.
/// </summary>
public sealed record ImageModule(string Path, string Name, string? Version, string? SrcVersion, string? Vermagic, bool HasSymbols, long Size, string Sha256);
