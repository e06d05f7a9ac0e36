using System.Security.Cryptography;
using NicDoctor.Initramfs.Cpio;
using NicDoctor.Initramfs.Image;
using NicDoctor.KernelModules;

namespace NicDoctor.Evidence.BootImage;

/// <summary>
/// Which kernel modules a boot image carries: streams the image once and reads each module's
/// <c>.modinfo</c> with the module toolkit. Modules are listed in image order; a path stored
/// twice is listed twice (the kernel keeps the last copy).
/// </summary>
public static class ImageModuleInventory
{
    public static IReadOnlyList<ImageModule> Read(string imagePath)
    {
        using InitramfsImage image = InitramfsImage.Open(imagePath);
        return Read(image);
    }

    public static IReadOnlyList<ImageModule> Read(InitramfsImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var modules = new List<ImageModule>();
        while (image.GetNextSegment() is { } segment)
        {
            while (segment.GetNextEntry() is { } entry)
            {
                if (entry.EntryType != CpioEntryType.RegularFile || !ModuleFileNames.IsModule(entry.Name) || entry.DataStream is null)
                    continue;
                modules.Add(Describe(image.SourceName, entry));
            }
        }
        return modules;
    }

    /// <summary>Reads one module entry's data (a module is a few MB at most, so it is held in memory).</summary>
    public static ImageModule Describe(string imageName, CpioEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        byte[] data = new byte[entry.Length];
        entry.DataStream!.ReadExactly(data);
        string path = StoredPath(entry.Name);
        using ModuleFile module = ModuleFile.Read(new MemoryStream(data, writable: false), $"{imageName}:{path}");
        string name = module.GetModinfo("name") is { Length: > 0 } declared
            ? ModuleDirectory.Normalize(declared)
            : ModuleDirectory.ModuleNameOf(path);
        return new ImageModule(
            path,
            name,
            module.GetModinfo("version"),
            module.GetModinfo("srcversion"),
            module.GetModinfo("vermagic"),
            module.Elf.SymbolTable is not null,
            entry.Length,
            Convert.ToHexStringLower(SHA256.HashData(data)));
    }

    /// <summary>The stored name without a leading "./" (dracut stores none, GNU cpio from "find ." does).</summary>
    public static string StoredPath(string name) => name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
}
