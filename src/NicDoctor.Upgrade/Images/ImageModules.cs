using NicDoctor.Evidence.BootImage;
using NicDoctor.KernelModules;

namespace NicDoctor.Upgrade.Images;

/// <summary>The copies of one kernel's module inside a boot image, from the evidence engine's inventory.</summary>
public static class ImageModules
{
    public static IReadOnlyList<ImageModule> Find(string imagePath, string kernelRelease, string moduleName)
    {
        string name = ModuleDirectory.Normalize(moduleName);
        return [.. ImageModuleInventory.Read(imagePath)
            .Where(m => m.Name == name && m.Path.Contains($"lib/modules/{kernelRelease}/", StringComparison.Ordinal))];
    }
}
