using NicDoctor.Evidence.BootImage;

namespace NicDoctor.Evidence.Tests.BootImage;

/// <summary>
/// Builds an image the way dracut lays one out (uncompressed early cpio, then a zstd cpio) with
/// GNU cpio and the real compressors from Debian's own modules, and checks the inventory against
/// modinfo, readelf and sha256sum run on the files that went in.
/// </summary>
public sealed class ImageModuleInventoryTests : IDisposable
{
    private static readonly string Release = NicDoctor.VmBench.DebianKernel.Locate().Release;
    private static readonly string ModuleRoot = $"/lib/modules/{Release}/kernel/drivers/net/ethernet/intel";
    private readonly string _dir = Directory.CreateTempSubdirectory("nicdoctor-bootimage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lists_every_module_with_the_facts_modinfo_reports()
    {
        string image = BuildImage();
        IReadOnlyList<ImageModule> modules = ImageModuleInventory.Read(image);

        string[] expectedPaths = Sh("cd main && find . -name '*.ko*' | sed 's|^\\./||' | LC_ALL=C sort").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expectedPaths, modules.Select(m => m.Path).Order(StringComparer.Ordinal));
        foreach (ImageModule module in modules)
        {
            string file = Path.Combine(_dir, "main", module.Path);
            // Debian's kmod reads .ko.xz and .ko.zst but not .ko.gz: modinfo reads the uncompressed original.
            string original = Path.Combine(_dir, "original", System.Text.RegularExpressions.Regex.Replace(module.Path, @"\.ko\.(xz|zst|gz)$", ".ko"));
            Assert.Equal(Sh($"modinfo -F name '{original}'").Trim(), module.Name);
            Assert.Equal(Modinfo("srcversion", original), module.SrcVersion);
            Assert.Equal(Modinfo("vermagic", original), module.Vermagic);
            Assert.Equal(Modinfo("version", original), module.Version);
            Assert.Equal(Sh($"sha256sum '{file}' | cut -d' ' -f1").Trim(), module.Sha256);
            Assert.Equal(new FileInfo(file).Length, module.Size);
        }
        Assert.Contains(modules, m => m.Path.EndsWith("i40e.ko.xz", StringComparison.Ordinal) && m.Name == "i40e");
        Assert.All(modules, m => Assert.StartsWith(Release + " ", m.Vermagic, StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_whether_the_symbol_table_is_kept()
    {
        string image = BuildImage();
        IReadOnlyList<ImageModule> modules = ImageModuleInventory.Read(image);

        foreach (ImageModule module in modules.Where(m => m.Path.EndsWith(".ko", StringComparison.Ordinal)))
        {
            bool readelfSeesSymtab = Sh($"readelf -S -W '{Path.Combine(_dir, "main", module.Path)}'").Contains(" .symtab ", StringComparison.Ordinal);
            Assert.Equal(readelfSeesSymtab, module.HasSymbols);
        }
        Assert.Contains(modules, m => !m.HasSymbols);
        Assert.Contains(modules, m => m.HasSymbols);
    }

    private string BuildImage()
    {
        Sh($"""
            d=main/lib/modules/{Release}/kernel/drivers/net/ethernet/intel
            mkdir -p early/kernel/x86/microcode "$d"
            head -c 4096 /dev/urandom > early/kernel/x86/microcode/GenuineIntel.bin
            cp {ModuleRoot}/e1000e/e1000e.ko "$d/"
            xz --check=crc32 -c {ModuleRoot}/i40e/i40e.ko > "$d/i40e.ko.xz"
            zstd -q -c {ModuleRoot}/igb/igb.ko > "$d/igb.ko.zst"
            gzip -n -c {ModuleRoot}/igc/igc.ko > "$d/igc.ko.gz"
            objcopy --strip-all {ModuleRoot}/e100.ko "$d/e100.ko"
            mkdir -p original && cp -a main/lib original/
            for f in $(find original -name '*.ko.*'); do case $f in *.xz) xz -d "$f";; *.zst) zstd -q -d --rm "$f";; *.gz) gzip -d "$f";; esac; done
            printf 'not a module\n' > main/lib/modules/{Release}/modules.order
            (cd early && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > image
            (cd main && find . | LC_ALL=C sort | cpio -o -H newc --quiet | zstd -q -c) >> image
            """);
        return Path.Combine(_dir, "image");
    }

    /// <summary>modinfo's value for a key; modinfo prints nothing when the key is absent.</summary>
    private string? Modinfo(string key, string file)
    {
        string value = Sh($"modinfo -F {key} '{file}'").TrimEnd('\n');  // vermagic really ends in a space
        return value.Length == 0 ? null : value;
    }

    private string Sh(string script)
    {
        var (code, stdout, stderr) = Tooling.Run("bash", "-c", $"set -euo pipefail; cd '{_dir}'; {script}");
        Assert.True(code == 0, $"{script}\n{stderr}");
        return stdout;
    }
}
