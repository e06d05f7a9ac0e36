using System.Text;
using NicDoctor.KernelModules.Compression;
using NicDoctor.KernelModules.Elf;
using NicDoctor.KernelModules.Signing;

namespace NicDoctor.KernelModules;

/// <summary>
/// A kernel module file (.ko, .ko.xz, .ko.zst, .ko.gz) read into memory and decompressed, with
/// its ELF image and appended signature located. The module-level facts (modinfo, symbol
/// versions, exports, struct module size) are decoded from the ELF on request.
/// </summary>
public sealed class ModuleFile : IDisposable
{
    private IDisposable? _mapping;

    private ModuleFile(string source, ModuleCompression compression, ReadOnlyMemory<byte> contents, ModuleSignatureTrailer? trailer, ElfImage elf)
    {
        Source = source;
        Compression = compression;
        Contents = contents;
        SignatureTrailer = trailer;
        Elf = elf;
    }

    /// <summary>The file name used in messages.</summary>
    public string Source { get; }

    public ModuleCompression Compression { get; }

    /// <summary>The decompressed module: ELF image followed by any signature.</summary>
    public ReadOnlyMemory<byte> Contents { get; }

    /// <summary>True when the module ends with the "~Module signature appended~" marker.</summary>
    public bool HasSignatureMarker => ModuleSignatureTrailer.HasMarker(Contents.Span);

    /// <summary>The decoded signature trailer (null when unsigned or implausible).</summary>
    public ModuleSignatureTrailer? SignatureTrailer { get; }

    public ElfImage Elf { get; }

    /// <summary>Reads and decompresses <paramref name="path"/>; the compression is found by magic, not by name.</summary>
    public static ModuleFile Open(string path)
    {
        using FileStream stream = File.OpenRead(path);
        // An uncompressed module is memory-mapped: only the pages looked at are read.
        Span<byte> head = stackalloc byte[ModuleCodecs.MagicLength];
        if (stream.Length >= ElfLayout.HeaderSize(is64: false) && stream.Read(head) == head.Length && ModuleCodecs.ForMagic(head) is null)
        {
            MappedFileMemory mapping = MappedFileMemory.Open(stream);
            try
            {
                ModuleFile module = FromRaw(mapping.Memory, path);
                module._mapping = mapping;
                return module;
            }
            catch
            {
                ((IDisposable)mapping).Dispose();
                throw;
            }
        }
        stream.Position = 0;
        return Read(stream, path);
    }

    /// <summary>Reads a module from <paramref name="stream"/> (left open); <paramref name="source"/> names it in errors.</summary>
    public static ModuleFile Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FromRaw(ReadAll(stream), source);
    }

    private static ModuleFile FromRaw(ReadOnlyMemory<byte> raw, string source)
    {
        IModuleCodec? codec = ModuleCodecs.ForMagic(raw.Span);
        ReadOnlyMemory<byte> contents = raw;
        if (codec is not null)
        {
            try
            {
                contents = codec.Decompress(new MemoryStream(raw.ToArray(), writable: false));
            }
            // The codecs throw their own types (SharpCompress InvalidFormatException, ZstdException, ...): all mean bad data.
            catch (Exception e) when (e is not OutOfMemoryException and not FileNotFoundException and not UnauthorizedAccessException)
            {
                throw ModuleFormatException.Create(source, 0, $"{codec.Kind.ToString().ToLowerInvariant()} data does not decompress: {e.Message}", e);
            }
        }
        ModuleSignatureTrailer? trailer = ModuleSignatureTrailer.TryRead(contents.Span);
        // The kernel checks the ELF only within the bytes before the signature (module_sig_check shortens info->len).
        int elfLength = trailer is null ? contents.Length : (int)trailer.PayloadOffset;
        ElfImage elf = ElfImage.Read(contents[..elfLength], source);
        return new ModuleFile(source, codec?.Kind ?? ModuleCompression.None, contents, trailer, elf);
    }

    private static byte[] ReadAll(Stream stream)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            byte[] buffer = new byte[remaining];
            stream.ReadExactly(buffer);
            return buffer;
        }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Releases the memory map of an uncompressed module; contents must not be used afterwards.</summary>
    public void Dispose()
    {
        _mapping?.Dispose();
        _mapping = null;
    }

    /// <summary>The appended signature as kmod reports it, or null.</summary>
    public ModuleSignature? ReadSignature() => SignatureTrailer is null ? null : ModuleSignature.TryRead(Contents.Span);

    /// <summary>
    /// The strings of <c>.modinfo</c> in file order, split like kmod: leading NULs skipped, runs of
    /// NULs separate strings, the key ends at the first '='.
    /// </summary>
    public IReadOnlyList<ModinfoEntry> ReadModinfo()
    {
        ElfSection? section = FindNamedSection(".modinfo");
        return section is null ? [] : ModinfoParser.Parse(Elf.GetContents(section).Span);
    }

    /// <summary>The first value of a <c>.modinfo</c> key (e.g. <c>vermagic</c>), or null.</summary>
    public string? GetModinfo(string key)
    {
        foreach (ModinfoEntry e in ReadModinfo())
        {
            if (e.Key == key)
                return e.Value;
        }
        return null;
    }

    /// <summary>
    /// The <c>__versions</c> table: CRCs of imported symbols (struct modversion_info: an
    /// unsigned long CRC then a name filling 64 bytes per entry).
    /// </summary>
    public IReadOnlyList<ModuleVersion> ReadVersions()
    {
        ElfSection? section = FindNamedSection("__versions");
        if (section is null)
            return [];
        const int entrySize = 64;
        int crcSize = Elf.Data.Is64 ? 8 : 4;
        var versions = new List<ModuleVersion>((int)(section.Size / entrySize));
        for (ulong at = section.Offset; at + entrySize <= section.Offset + section.Size; at += entrySize)
        {
            ulong crc = Elf.Data.Word(at, "__versions crc");
            ReadOnlySpan<byte> name = Elf.Data.Slice(at + (ulong)crcSize, (ulong)(entrySize - crcSize), "__versions name");
            string symbol = ElfData.CString(name, 0);
            // ppc64 ELFv1 function descriptors: kmod and the kernel drop a leading '.'.
            if (symbol.StartsWith('.'))
                symbol = symbol[1..];
            versions.Add(new ModuleVersion(symbol, crc));
        }
        return versions;
    }

    /// <summary>Size of <c>.gnu.linkonce.this_module</c>: the <c>struct module</c> the module was built with.</summary>
    public ulong? ThisModuleSize => FindNamedSection(".gnu.linkonce.this_module")?.Size;

    /// <summary>Symbols the module exports (<c>__ksymtab_*</c>), with CRCs from <c>__crc_*</c>.</summary>
    public IReadOnlyList<ModuleExport> ReadExports()
    {
        ElfSection? symtab = Elf.SymbolTable;
        if (symtab is null)
            return [];
        IReadOnlyList<ElfSymbol> symbols = Elf.ReadSymbols(symtab);
        var crcs = new Dictionary<string, uint>(StringComparer.Ordinal);
        var exports = new List<(string Name, bool Gpl)>();
        foreach (ElfSymbol s in symbols)
        {
            if (s.Name.StartsWith("__crc_", StringComparison.Ordinal))
            {
                uint? crc = ReadCrc(s);
                if (crc is not null)
                    crcs[s.Name["__crc_".Length..]] = crc.Value;
            }
            else if (s.Name.StartsWith("__ksymtab_", StringComparison.Ordinal) && s.Type != ElfConstants.STT_SECTION
                && s.SectionIndex < Elf.Sections.Count)
            {
                string section = Elf.Sections[(int)s.SectionIndex].Name;
                if (section.StartsWith("__ksymtab", StringComparison.Ordinal))
                    exports.Add((s.Name["__ksymtab_".Length..], section.EndsWith("_gpl", StringComparison.Ordinal)));
            }
        }
        return [.. exports.Select(e => new ModuleExport(e.Name, crcs.TryGetValue(e.Name, out uint c) ? c : null, e.Gpl))];
    }

    /// <summary>Undefined, non-weak symbols the loader must resolve.</summary>
    public IReadOnlyList<ElfSymbol> ReadImports()
    {
        ElfSection? symtab = Elf.SymbolTable;
        if (symtab is null)
            return [];
        return [.. Elf.ReadSymbols(symtab).Skip(1).Where(s => s.IsUndefined && s.Name.Length > 0)];
    }

    // Up to 5.18 a CRC is the value of an absolute symbol; since 5.19 it is 4 bytes at a label.
    private uint? ReadCrc(ElfSymbol symbol)
    {
        if (symbol.SectionIndex == ElfConstants.SHN_ABS)
            return (uint)symbol.Value;
        if (symbol.SectionIndex == 0 || symbol.SectionIndex >= Elf.Sections.Count)
            return null;
        ElfSection section = Elf.Sections[(int)symbol.SectionIndex];
        if (!section.HasFileData || symbol.Value + 4 > section.Size)
            return null;
        return Elf.Data.U32(section.Offset + symbol.Value, $"CRC of {symbol.Name}");
    }

    // Like kmod's kmod_elf_get_section: the first section with that name, whatever its flags.
    private ElfSection? FindNamedSection(string name) => Elf.FindSection(name);

    /// <summary>Decodes a byte string from a module (names, modinfo values are bytes, printed as-is).</summary>
    internal static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
