using System.Security.Cryptography;
using System.Text;
using NicDoctor.Evidence.BootImage;
using NicDoctor.Initramfs.Cpio;
using NicDoctor.Initramfs.Image;

namespace NicDoctor.Upgrade.HostFit;

/// <summary>
/// What the host-fit check needs from an image, read in one pass: modules, kernel releases,
/// cmdline.d, and each release's modules.dep (the last copy of each file, as the kernel keeps).
/// </summary>
internal sealed record ImageFacts(
    IReadOnlyList<ImageModule> Modules,
    IReadOnlyList<string> KernelReleases,
    IReadOnlyDictionary<string, string> CmdlineFiles)
{
    /// <summary>Kernel release → the text of its modules.dep in the image.</summary>
    public IReadOnlyDictionary<string, string> ModuleDeps { get; init; } = new Dictionary<string, string>();

    public static ImageFacts Read(string imagePath)
    {
        var modules = new List<ImageModule>();
        var releases = new SortedSet<string>(StringComparer.Ordinal);
        var cmdline = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var deps = new Dictionary<string, string>(StringComparer.Ordinal);
        using InitramfsImage image = InitramfsImage.Open(imagePath);
        while (image.GetNextSegment() is { } segment)
        {
            while (segment.GetNextEntry() is { } entry)
            {
                string path = ImageModuleInventory.StoredPath(entry.Name);
                if (ReleaseOf(path) is { } release)
                    releases.Add(release);
                if (entry.EntryType != CpioEntryType.RegularFile || entry.DataStream is null)
                    continue;
                if (ModuleFileNames.IsModule(path))
                {
                    modules.Add(ImageModuleInventory.Describe(image.SourceName, entry));
                }
                else if (path.StartsWith("etc/cmdline.d/", StringComparison.Ordinal) && entry.Length < 65536)
                {
                    cmdline[path] = ReadText(entry);
                }
                else if (path.EndsWith("/modules.dep", StringComparison.Ordinal) && ReleaseOf(path) is { } depRelease
                    && path.EndsWith($"modules/{depRelease}/modules.dep", StringComparison.Ordinal) && entry.Length < (64 << 20))
                {
                    deps[depRelease] = ReadText(entry);
                }
            }
        }
        return new ImageFacts(modules, [.. releases], cmdline) { ModuleDeps = deps };
    }

    private static string ReadText(CpioEntry entry)
    {
        var bytes = new byte[entry.Length];
        entry.DataStream!.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    // lib/modules/KVER/… or usr/lib/modules/KVER/… (merged /usr).
    private static string? ReleaseOf(string path)
    {
        foreach (string prefix in new[] { "lib/modules/", "usr/lib/modules/" })
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                string rest = path[prefix.Length..];
                int slash = rest.IndexOf('/', StringComparison.Ordinal);
                string release = slash < 0 ? rest : rest[..slash];
                return release.Length > 0 ? release : null;
            }
        }
        return null;
    }
}
