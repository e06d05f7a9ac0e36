using NicDoctor.Initramfs.Diff;
using NicDoctor.Initramfs.Repack;

namespace NicDoctor.Initramfs.Tests.Write;

/// <summary>
/// repack on a dracut-shaped image made by GNU cpio and zstd: the early part stays byte-identical,
/// GNU cpio + zstd read the result, and exactly the replaced file differs.
/// </summary>
public sealed class RepackTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _image;

    public RepackTests() => _image = WriteFixtures.DracutShapedImage(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private static RepackOptions Replace(string source, string path) =>
        new() { Changes = [new EntryChange(EntryChangeKind.Replace, path, source)] };

    [Fact]
    public void Replacing_one_module_changes_that_entry_only_and_keeps_the_early_part()
    {
        string patched = WriteFixtures.PatchedE1000e(_dir.Path);
        string output = _dir["repacked.img"];
        RepackResult result = InitramfsRepacker.Repack(_image, output, Replace(patched, $"{WriteFixtures.IntelModules}/e1000e/e1000e.ko"));

        long earlySize = EarlySize();
        Assert.Equal(Tools.Sh($"head -c {earlySize} '{_image}' | sha256sum"), Tools.Sh($"head -c {earlySize} '{output}' | sha256sum"));
        Assert.Equal([false, true], result.Segments.Select(s => s.Rewritten));

        // The second part, decompressed by zstd and unpacked by GNU cpio, is the original tree with the new module.
        Tools.Sh($"mkdir back && tail -c +{earlySize + 1} '{output}' | zstd -dcq | (cd back && cpio -idm --quiet)", _dir.Path);
        Tools.Sh($"cp '{patched}' main/{WriteFixtures.IntelModules}/e1000e/e1000e.ko && diff -r --no-dereference main back", _dir.Path);

        ImageDifference diff = InitramfsDiff.Compare(_image, output);
        EntryDifference only = Assert.Single(diff.Differences);
        Assert.Equal($"{WriteFixtures.IntelModules}/e1000e/e1000e.ko", only.Path);
        Assert.Equal(["sha256"], only.Fields);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Compress_does_not_compress_the_early_part_the_microcode_loader_reads()
    {
        // New "microcode" in the early part, with --compress zstd asked for the rewrite.
        string blob = _dir["new-ucode.bin"];
        File.WriteAllBytes(blob, [.. Enumerable.Range(0, 7000).Select(i => (byte)(i * 7))]);
        string output = _dir["repacked.img"];
        RepackResult result = InitramfsRepacker.Repack(_image, output, Replace(blob, "kernel/x86/microcode/GenuineIntel.bin")
            with
        { Compression = new NicDoctor.Initramfs.Compression.Encoding.CompressionChoice(NicDoctor.Initramfs.Compression.CompressionMethod.Zstd) });

        Assert.Equal([true, false], result.Segments.Select(s => s.Rewritten));
        Assert.Contains(result.Warnings, w => w.Contains("part 1 stays uncompressed", StringComparison.Ordinal));
        // GNU cpio reads the image's first archive as plain cpio (as the early loader does) and finds the new blob.
        Tools.Sh($"mkdir early-back && (cd early-back && cpio -idm --quiet < '{output}') && cmp '{blob}' early-back/kernel/x86/microcode/GenuineIntel.bin", _dir.Path);
        // The main part is the input's, byte for byte.
        RepackedSegment main = result.Segments[1];
        Assert.Equal(Tools.Sh($"tail -c +{main.InputOffset + 1} '{_image}' | sha256sum"), Tools.Sh($"tail -c +{main.OutputOffset + 1} '{output}' | sha256sum"));
    }

    [Fact]
    public void In_place_keeps_the_old_image_as_bak_only_when_the_new_one_is_complete()
    {
        string patched = WriteFixtures.PatchedE1000e(_dir.Path);
        string replace = $"{patched}={WriteFixtures.IntelModules}/e1000e/e1000e.ko";
        string image = _dir["boot.img"];
        File.Copy(_image, image);
        string original = Tools.Sh($"sha256sum < '{image}'");

        // A failing repack (missing source) makes no backup and leaves IN as it was.
        CliResult failed = Cli.Run("initramfs", "repack", image, "--in-place", "--replace", $"{_dir["missing.ko"]}={WriteFixtures.IntelModules}/e1000e/e1000e.ko");
        Assert.NotEqual(0, failed.ExitCode);
        Assert.False(File.Exists(image + ".bak"));
        Assert.Equal(original, Tools.Sh($"sha256sum < '{image}'"));

        CliResult done = Cli.Run("initramfs", "repack", image, "--in-place", "--replace", replace);
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(original, Tools.Sh($"sha256sum < '{image}.bak'"));
        Assert.NotEqual(original, Tools.Sh($"sha256sum < '{image}'"));

        // A second run never overwrites that backup: refused before anything is written.
        string repacked = Tools.Sh($"sha256sum < '{image}'");
        CliResult again = Cli.Run("initramfs", "repack", image, "--in-place", "--replace", replace);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("boot.img.bak: exists", again.Stderr, StringComparison.Ordinal);
        Assert.Equal((original, repacked), (Tools.Sh($"sha256sum < '{image}.bak'"), Tools.Sh($"sha256sum < '{image}'")));
        Assert.Equal(["boot.img", "boot.img.bak"], Directory.GetFiles(_dir.Path, "boot.img*").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void In_place_on_a_full_file_system_leaves_the_image_and_no_backup()
    {
        // Room for the image, not for a second copy of it (the tests run as root, as CI does).
        string mount = _dir["tight-fs"];
        Directory.CreateDirectory(mount);
        long size = new FileInfo(_image).Length;
        Tools.Sh($"mount -t tmpfs -o size={size + 65536} tmpfs '{mount}'");
        try
        {
            string image = Path.Combine(mount, "boot.img");
            File.Copy(_image, image);
            string original = Tools.Sh($"sha256sum < '{image}'");
            string patched = WriteFixtures.PatchedE1000e(_dir.Path);
            CliResult full = Cli.Run("initramfs", "repack", image, "--in-place", "--replace", $"{patched}={WriteFixtures.IntelModules}/e1000e/e1000e.ko");
            Assert.NotEqual(0, full.ExitCode);
            Assert.Contains("no space left", full.Stderr, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(["boot.img"], Directory.GetFileSystemEntries(mount).Select(Path.GetFileName));
            Assert.Equal(original, Tools.Sh($"sha256sum < '{image}'"));
        }
        finally
        {
            Tools.Sh($"umount '{mount}'");
        }
    }

    /// <summary>Length of the early cpio as GNU cpio writes it (the fixture wrote the same bytes first).</summary>
    private long EarlySize() => long.Parse(
        Tools.Sh($"cd '{_dir["early"]}' && find . | LC_ALL=C sort | cpio -o -H newc --quiet | wc -c").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_module_replaced_by_another_compression_takes_its_name_and_modules_dep_is_reported_stale()
    {
        string plain = _dir["i40e.ko"];
        File.Copy($"/{WriteFixtures.IntelModules}/i40e/i40e.ko", plain);
        string output = _dir["renamed.img"];
        RepackResult result = InitramfsRepacker.Repack(_image, output, Replace(plain, $"{WriteFixtures.IntelModules}/i40e/i40e.ko.xz"));

        AppliedChange change = Assert.Single(result.Changes);
        Assert.Equal($"{WriteFixtures.IntelModules}/i40e/i40e.ko", change.StoredAs);
        Assert.Contains(result.Warnings, w => w.Contains("modules.dep", StringComparison.Ordinal));
        string listing = Tools.Sh($"tail -c +{EarlySize() + 1} '{output}' | zstd -dcq | cpio -t --quiet", _dir.Path);
        Assert.Contains($"{WriteFixtures.IntelModules}/i40e/i40e.ko\n", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("i40e.ko.xz", listing, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_and_remove_are_seen_by_GNU_cpio()
    {
        string extra = _dir["hello.conf"];
        File.WriteAllText(extra, "options e1000e InterruptThrottleRate=1\n");
        string output = _dir["edited.img"];
        InitramfsRepacker.Repack(_image, output, new RepackOptions
        {
            Changes =
            [
                new EntryChange(EntryChangeKind.Add, "etc/modprobe.d/e1000e.conf", extra),
                new EntryChange(EntryChangeKind.Remove, "usr/bin/init-link"),
            ],
        });

        ImageDifference diff = InitramfsDiff.Compare(_image, output);
        Assert.Equal(
            [("etc", DifferenceKind.Added), ("etc/modprobe.d", DifferenceKind.Added), ("etc/modprobe.d/e1000e.conf", DifferenceKind.Added), ("usr/bin/init-link", DifferenceKind.Removed)],
            diff.Differences.Select(d => (d.Path, d.Kind)));
        Tools.Sh($"mkdir x && cd x && tail -c +{EarlySize() + 1} '{output}' | zstd -dcq | cpio -idm --quiet && cmp etc/modprobe.d/e1000e.conf '{extra}' && test ! -e usr/bin/init-link", _dir.Path);
    }

    [Fact]
    public void Missing_source_or_escaping_path_fail_before_anything_is_written()
    {
        string before = Tools.Sh($"sha256sum '{_image}'");
        string output = _dir["never.img"];
        var missing = Assert.Throws<FileNotFoundException>(() => InitramfsRepacker.Repack(_image, output, Replace(_dir["nope.ko"], $"{WriteFixtures.IntelModules}/e1000e/e1000e.ko")));
        Assert.Contains("nope.ko", missing.Message, StringComparison.Ordinal);
        var escape = Assert.Throws<ArgumentException>(() => InitramfsRepacker.Repack(_image, output, new RepackOptions { Changes = [new EntryChange(EntryChangeKind.Add, "../etc/passwd", _image)] }));
        Assert.Contains("escapes the archive root", escape.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => InitramfsRepacker.Repack(_image, output, new RepackOptions { Changes = [new EntryChange(EntryChangeKind.Remove, "no/such/file")] }));

        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir.Path, ".*.tmp"));
        Assert.Equal(before, Tools.Sh($"sha256sum '{_image}'"));
    }

    [Fact]
    public void A_full_file_system_leaves_no_partial_output_and_the_input_untouched()
    {
        // A 256 KiB tmpfs cannot hold the ~1 MB image (the tests run as root, as CI does).
        string mount = _dir["small-fs"];
        Directory.CreateDirectory(mount);
        Tools.Sh($"mount -t tmpfs -o size=256k tmpfs '{mount}'");
        try
        {
            string before = Tools.Sh($"sha256sum '{_image}'");
            string patched = WriteFixtures.PatchedE1000e(_dir.Path);
            var full = Assert.ThrowsAny<IOException>(() => InitramfsRepacker.Repack(_image, Path.Combine(mount, "out.img"), Replace(patched, $"{WriteFixtures.IntelModules}/e1000e/e1000e.ko")));
            Assert.Contains("no space left", full.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(Directory.GetFileSystemEntries(mount));
            Assert.Equal(before, Tools.Sh($"sha256sum '{_image}'"));
        }
        finally
        {
            Tools.Sh($"umount '{mount}'");
        }
    }
}
