using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using NicDoctor.Initramfs.Compression.Encoding;
using NicDoctor.Initramfs.Repack;
using NicDoctor.VmBench;

namespace NicDoctor.Initramfs.Tests.Write;

/// <summary>
/// The write side on an image made by Debian's real dracut 059 (the VM bench's zstd image with
/// early microcode; lsinitrd and skipcpio from the same unpacked .deb): <c>create --from</c> of its
/// extracted tree read back by our reader, GNU cpio and lsinitrd; <c>repack --depmod</c> checked
/// by kmod's own modprobe/modinfo and by depmod run on the extracted result.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class DracutWriteTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string DracutHome => Path.Combine(TestCache.Root, "dracut-debian");

    private static string DracutImage() =>
        DracutInitramfs.Build(DebianKernel.Locate(Tools.Kernel), new DracutImageOptions { Compression = "zstd", EarlyMicrocode = true });

    /// <summary>GNU cpio on the early part, dracut's skipcpio | zstd | GNU cpio on the rest (as lsinitrd does).</summary>
    private void GnuExtract(string image, string early, string main) => Tools.Sh(
        $"mkdir -p '{early}' '{main}' && (cd '{early}' && cpio -idm --quiet < '{image}') && '{DracutHome}/usr/lib/dracut/skipcpio' '{image}' | zstd -dcq | (cd '{main}' && cpio -idm --quiet --no-absolute-filenames)");

    private static string[] Lsinitrd(string image)
    {
        string listing = Tools.Sh($"dracutbasedir='{DracutHome}/usr/lib/dracut' bash '{DracutHome}/usr/bin/lsinitrd' '{image}'");
        return [.. listing.Split('\n').Select(l => LsinitrdEntry().Match(l)).Where(m => m.Success).Select(m => m.Groups["path"].Value).Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"^[-dlcbps][-rwxsStT]{9}\s+\d+\s+\S+\s+\S+\s+(?:\d+|\d+,\s*\d+)\s+\w{3}\s+\d+\s+(?:\d\d:\d\d|\d{4})\s(?<path>.+?)(?: -> .*)?$")]
    private static partial Regex LsinitrdEntry();

    [Fact]
    public void Create_from_an_extracted_dracut_image_is_read_alike_by_us_GNU_cpio_and_lsinitrd_and_is_reproducible()
    {
        GnuExtract(DracutImage(), _dir["src/early"], _dir["src/main"]);
        string a = _dir["a.img"], b = _dir["b.img"];
        WriteFixtures.Create(a, _dir["src/main"], CompressionChoice.Parse("zstd"), epoch: 1_700_000_000, early: _dir["src/early"]);
        WriteFixtures.Create(b, _dir["src/main"], CompressionChoice.Parse("zstd"), epoch: 1_700_000_000, early: _dir["src/early"]);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));

        // List: ours = GNU cpio per part (in order) = lsinitrd = the tree we archived.
        string[] early = Tools.Lines(Tools.Sh($"cpio -t --quiet < '{a}'"));
        string[] main = Tools.Lines(Tools.Sh($"'{DracutHome}/usr/lib/dracut/skipcpio' '{a}' | zstd -dcq | cpio -t --quiet"));
        Assert.True(main.Length > 100, $"only {main.Length} names in the main part");
        Assert.Equal([.. early, .. main], ImageReading.Names(a));
        Assert.Equal([.. main.Order(StringComparer.Ordinal)], Tools.Lines(Tools.Sh($"cd '{_dir["src/main"]}' && find . -mindepth 1 -printf '%P\\n' | LC_ALL=C sort")));
        Assert.Equal([.. early.Concat(main).Distinct().Order(StringComparer.Ordinal)], Lsinitrd(a).Distinct());

        // Extract: ours = GNU cpio's, and both are the tree that went in (content, types, link targets, modes).
        GnuExtract(a, _dir["gnu"], _dir["gnu"]);
        CliResult extract = Cli.Run("initramfs", "extract", a, "-C", _dir["ours"]);
        Assert.Equal((0, ""), (extract.ExitCode, extract.Stderr));
        Assert.Equal(ExtractTests.Describe(_dir["gnu"]), ExtractTests.Describe(_dir["ours"]));
        Tools.Sh($"cp -a '{_dir["src/early"]}/.' '{_dir["src/main"]}/' && diff -r --no-dereference '{_dir["src/main"]}' '{_dir["gnu"]}'");
        Assert.Equal(0, Cli.Run("initramfs", "verify", a).ExitCode);
    }

    private string XzModule()
    {
        string module = _dir["e1000e.ko.xz"];
        Tools.Sh($"xz --check=crc32 -c $(modinfo -k {Tools.Kernel} -n e1000e) > '{module}'");
        return module;
    }

    private static string StoredE1000e(string image) =>
        Assert.Single(ImageReading.Names(image), n => n.EndsWith("/e1000e/e1000e.ko", StringComparison.Ordinal));

    private string ShowDepends(string root) =>
        Tools.Sh($"modprobe -d '{root}' -S {Tools.Kernel} --show-depends e1000e | grep e1000e");

    [Fact]
    public void Depmod_regenerates_the_index_so_kmod_finds_a_module_that_changed_compression()
    {
        string image = DracutImage();
        string stored = StoredE1000e(image);
        string output = _dir["depmod.img"];
        RepackResult result = InitramfsRepacker.Repack(image, output, new RepackOptions
        {
            Changes = [new EntryChange(EntryChangeKind.Replace, stored, XzModule())],
            Depmod = true,
        });

        AppliedChange change = Assert.Single(result.Changes);
        Assert.Equal(stored + ".xz", change.StoredAs);
        Assert.Contains(stored[..stored.IndexOf("/kernel/", StringComparison.Ordinal)] + "/modules.dep", result.RegeneratedIndexes);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("stale", StringComparison.Ordinal) || w.Contains("still names", StringComparison.Ordinal));

        // kmod reads the image's index as the boot would: modprobe resolves e1000e to the .ko.xz.
        GnuExtract(output, _dir["x"], _dir["x"]);
        Assert.EndsWith("e1000e.ko.xz \n", ShowDepends(_dir["x"]), StringComparison.Ordinal);
        Assert.EndsWith("e1000e.ko.xz", Tools.Sh($"modinfo -b '{_dir["x"]}' -k {Tools.Kernel} -n e1000e").Trim(), StringComparison.Ordinal);
        Assert.Contains(stored + ".xz", Lsinitrd(output));
        // Every index file in the image is what depmod itself makes of the extracted tree.
        string moduleDir = $"{_dir["x"]}/{stored[..stored.IndexOf("/kernel/", StringComparison.Ordinal)]}";
        Tools.Sh($"mkdir idx && cp '{moduleDir}'/modules.* idx/ && depmod -b '{_dir["x"]}' {Tools.Kernel} && for f in idx/*; do cmp \"$f\" '{moduleDir}'/$(basename \"$f\"); done", _dir.Path);
        // Only the module and the index files depmod changed differ from the input.
        Assert.All(NicDoctor.Initramfs.Diff.InitramfsDiff.Compare(image, output).Differences,
            d => Assert.Matches(@"(/e1000e\.ko(\.xz)?|/modules\.dep(\.bin)?)$", d.Path));

        // diff pairs the module across the rename (BootImageDiff) and reads its facts through the .xz;
        // the vermagic is what modinfo reads from the installed module.
        CliResult diff = Cli.Run("initramfs", "diff", "--json", image, output);
        Assert.Equal(1, diff.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(diff.Stdout);
        System.Text.Json.JsonElement module = Assert.Single(json.RootElement.GetProperty("modules").EnumerateArray());
        Assert.Equal(("e1000e", stored, stored + ".xz"),
            (module.GetProperty("name").GetString(), module.GetProperty("pathBefore").GetString(), module.GetProperty("pathAfter").GetString()));
        string vermagic = Tools.Sh($"modinfo -k {Tools.Kernel} -F vermagic e1000e").TrimEnd('\n'); // the kernel's vermagic ends in a space
        Assert.Equal((vermagic, vermagic), (module.GetProperty("vermagicBefore").GetString(), module.GetProperty("vermagicAfter").GetString()));
    }

    [Fact]
    public void Without_depmod_the_stale_index_is_reported_and_kmod_indeed_misses_the_module()
    {
        string image = DracutImage();
        string stored = StoredE1000e(image);
        string output = _dir["stale.img"];
        RepackResult result = InitramfsRepacker.Repack(image, output, new RepackOptions { Changes = [new EntryChange(EntryChangeKind.Replace, stored, XzModule())] });

        Assert.Contains(result.Warnings, w => w.Contains("modules.dep still names the old file", StringComparison.Ordinal));
        Assert.Empty(result.RegeneratedIndexes);
        GnuExtract(output, _dir["x"], _dir["x"]);
        Assert.EndsWith("e1000e.ko \n", ShowDepends(_dir["x"]), StringComparison.Ordinal); // the index still points at the old name
        Assert.False(File.Exists(_dir["x"] + "/" + stored));
    }

    [Fact]
    public void Append_keeps_the_image_and_adds_a_part_whose_copy_the_kernel_keeps()
    {
        string image = DracutImage();
        string stored = StoredE1000e(image);
        string patched = WriteFixtures.PatchedE1000e(_dir.Path);
        string output = _dir["append.img"];
        RepackResult result = InitramfsRepacker.Repack(image, output, new RepackOptions
        {
            Changes = [new EntryChange(EntryChangeKind.Replace, stored, patched)],
            Append = true,
        });

        // The input, byte for byte, then zero padding to 4 bytes, then one zstd part (the image's codec).
        long size = new FileInfo(image).Length, start = (size + 3) & ~3L;
        Assert.Equal(Tools.Sh($"sha256sum < '{image}'"), Tools.Sh($"head -c {size} '{output}' | sha256sum"));
        Assert.Equal([false, false, true], result.Segments.Select(s => s.Rewritten));
        // GNU cpio unpacking every part in order, as the kernel does (-u: a later copy replaces the earlier).
        GnuExtract(image, _dir["x"], _dir["x"]);
        Tools.Sh($"tail -c +{start + 1} '{output}' | zstd -dcq | (cd x && cpio -idmu --quiet)", _dir.Path);
        Tools.Sh($"cmp x/{stored} '{patched}'", _dir.Path);
        // Our reader sees the same: the last copy wins, and it is the only difference.
        var only = Assert.Single(NicDoctor.Initramfs.Diff.InitramfsDiff.Compare(image, output).Differences);
        Assert.Equal(stored, only.Path);
        Assert.Equal(0, Cli.Run("initramfs", "verify", output).ExitCode);
        Assert.Throws<ArgumentException>(() => InitramfsRepacker.Repack(image, _dir["no.img"], new RepackOptions
        {
            Changes = [new EntryChange(EntryChangeKind.Remove, stored)],
            Append = true,
        }));
        Assert.False(File.Exists(_dir["no.img"]));
    }
}
