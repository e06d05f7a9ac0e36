using NicDoctor.Evidence.BootImage;
using NicDoctor.Initramfs.Compression;
using NicDoctor.Initramfs.Compression.Encoding;
using NicDoctor.Initramfs.Repack;
using NicDoctor.KernelModules;

namespace NicDoctor.Upgrade.Images;

/// <summary>
/// Repacks the host's current image with only the driver replaced (the seed's method, made safe):
/// the initramfs engine's <see cref="InitramfsRepacker"/> copies every other part of the image byte
/// for byte and rewrites only the part holding the driver, at the same path. A driver stored
/// compressed (<c>NAME.ko.xz</c>, <c>.ko.zst</c>, <c>.ko.gz</c>) is replaced by the new module
/// compressed the same way (xz with the crc32 check the kernel's decoder needs), so the image's
/// modules.dep, which names that file, stays right. Refused at plan time when the image's indexes
/// would not fit the new module (new aliases or dependencies): then rebuild.
/// </summary>
public sealed class InjectImageStrategy : IBootImageStrategy
{
    public string Name => "inject";

    public string? Unavailable(string root) => null;

    /// <summary>
    /// Why the image cannot take the new module by injection, or null. <paramref name="inbox"/> is the
    /// module the image was built from (the one installed today), whose aliases and dependencies the
    /// image's modules.alias and modules.dep describe.
    /// </summary>
    public static string? Refusal(string imagePath, string kernelRelease, ModuleFile module, string name, string? inbox)
    {
        ArgumentNullException.ThrowIfNull(module);
        IReadOnlyList<ImageModule> inside = ImageModules.Find(imagePath, kernelRelease, name);
        if (inside.Count != 1)
            return $"{imagePath} holds {inside.Count} copies of {name} ({string.Join(", ", inside.Select(m => m.Path))}): inject replaces exactly one; use --image-strategy rebuild";
        if (MethodFor(inside[0].Path) is null)
            return $"{inside[0].Path}: not a .ko, .ko.xz, .ko.zst or .ko.gz file; use --image-strategy rebuild";
        if (inbox is null)
            return null;
        using ModuleFile old = ModuleFile.Open(inbox);
        var newAliases = Values(module, "alias").Except(Values(old, "alias")).ToList();
        if (newAliases.Count > 0)
            return $"the new {name} has {newAliases.Count} alias(es) the image's modules.alias does not list ({string.Join(", ", newAliases.Take(3))}{(newAliases.Count > 3 ? ", …" : "")}): udev would not load it for those devices in early boot; use --image-strategy rebuild";
        var depends = Depends(module);
        var oldDepends = Depends(old);
        if (!depends.SetEquals(oldDepends))
            return $"the new {name} depends on [{string.Join(", ", depends.Order(StringComparer.Ordinal))}], the image's modules.dep on [{string.Join(", ", oldDepends.Order(StringComparer.Ordinal))}]: use --image-strategy rebuild";
        return null;
    }

    public void Build(BootImageBuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<ImageModule> inside = ImageModules.Find(request.CurrentImage, request.KernelRelease, request.ModuleName);
        if (inside.Count != 1)
            throw new InvalidOperationException($"inject: {request.CurrentImage} holds {inside.Count} copies of {request.ModuleName}, expected one");
        string stored = inside[0].Path;
        CompressionMethod method = MethodFor(stored) ?? throw new InvalidOperationException($"inject: {stored} is not a module file");
        string source = request.InstalledModule;
        string? temp = null;
        try
        {
            if (method != CompressionMethod.None)
            {
                // Compressed like the file it replaces; the temp name is no module name, so the stored name stays.
                temp = Path.Join(Path.GetDirectoryName(request.NewImage), $".{request.ModuleName}.nicdoctor-inject-tmp");
                using (var input = File.OpenRead(request.InstalledModule))
                using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write))
                {
                    using (Stream encoder = CompressionEncoders.Open(output, new CompressionChoice(method)))
                        input.CopyTo(encoder);
                    output.Flush(flushToDisk: true);
                }
                source = temp;
            }
            RepackResult result = InitramfsRepacker.Repack(request.CurrentImage, request.NewImage, new RepackOptions
            {
                Changes = [new EntryChange(EntryChangeKind.Replace, stored, source)],
            });
            string normal = ArchivePath.Normalize(stored);
            if (result.Warnings.Count > 0 || result.Changes.Count != 1 || result.Changes[0].StoredAs != normal)
            {
                File.Delete(request.NewImage);
                throw new IOException($"inject: repacking {request.CurrentImage} did not replace exactly {normal}: {string.Join("; ", result.Warnings.Concat(result.Changes.Select(c => $"{c.Kind} {c.Path} as {c.StoredAs}")))}");
            }
        }
        finally
        {
            if (temp is not null)
                File.Delete(temp);
        }
    }

    private static CompressionMethod? MethodFor(string path) =>
        path.EndsWith(".ko", StringComparison.Ordinal) ? CompressionMethod.None
        : path.EndsWith(".ko.xz", StringComparison.Ordinal) ? CompressionMethod.Xz
        : path.EndsWith(".ko.zst", StringComparison.Ordinal) ? CompressionMethod.Zstd
        : path.EndsWith(".ko.gz", StringComparison.Ordinal) ? CompressionMethod.Gzip
        : null;

    private static HashSet<string> Values(ModuleFile module, string key) =>
        [.. module.ReadModinfo().Where(e => e.Key == key).Select(e => e.Value)];

    private static HashSet<string> Depends(ModuleFile module) =>
        [.. Values(module, "depends").SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
