using NicDoctor.Initramfs.Cpio;
using NicDoctor.Initramfs.Image;

namespace NicDoctor.Upgrade.Images;

/// <summary>Which kernel modules a boot image carries (by the file names in its archives).</summary>
public static class ImageModules
{
    /// <summary>Paths inside the image of the module called <paramref name="moduleName"/> for that kernel.</summary>
    public static IReadOnlyList<string> Find(string imagePath, string kernelRelease, string moduleName)
    {
        var found = new List<string>();
        using InitramfsImage image = InitramfsImage.Open(imagePath);
        while (image.GetNextSegment() is { } segment)
        {
            while (segment.GetNextEntry() is { } entry)
            {
                if (entry.EntryType != CpioEntryType.RegularFile || !entry.Name.Contains($"lib/modules/{kernelRelease}/", StringComparison.Ordinal))
                    continue;
                if (NicDoctor.KernelModules.ModuleDirectory.ModuleNameOf(entry.Name) == NicDoctor.KernelModules.ModuleDirectory.Normalize(moduleName)
                    && Path.GetFileName(entry.Name).Contains(".ko", StringComparison.Ordinal))
                {
                    found.Add(entry.Name);
                }
            }
        }
        return found;
    }
}
