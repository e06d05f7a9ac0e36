using NicDoctor.Initramfs.Compression.Encoding;

namespace NicDoctor.Initramfs.Tests.Write;

/// <summary>
/// create from the real contents of a Debian initramfs, checked by the real tools: the
/// decompressors accept our members, GNU cpio and bsdtar list and extract the same tree, and a
/// second run with the same SOURCE_DATE_EPOCH gives the same bytes.
/// </summary>
public sealed class CreateRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public CreateRoundTripTests() => WriteFixtures.UnpackRealImage(_dir["real"]);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Created_image_extracts_with_GNU_cpio_to_the_same_tree()
    {
        string image = _dir["out.img"];
        WriteFixtures.Create(image, _dir["real/main"], CompressionChoice.Parse("zstd:3"), early: _dir["real/early"]);

        // unmkinitramfs splits early/main with its own cpio+zstd; diff -r compares content, types, symlink targets.
        Tools.Sh($"unmkinitramfs '{image}' '{_dir["back"]}'");
        Tools.Sh($"diff -r --no-dereference '{_dir["real/main"]}' '{_dir["back/main"]}'");
        Tools.Sh($"diff -r --no-dereference '{_dir["real/early"]}' '{_dir["back/early"]}'");
        string modes = "find . -printf '%y %m %p %l\\n' | LC_ALL=C sort";
        Assert.Equal(Tools.Sh($"cd '{_dir["real/main"]}' && {modes}"), Tools.Sh($"cd '{_dir["back/main"]}' && {modes}"));
    }

    [Fact]
    public void Same_tree_and_epoch_give_identical_bytes_and_every_mtime_is_the_epoch()
    {
        WriteFixtures.Create(_dir["a.img"], _dir["real/main"], CompressionChoice.Parse("gzip"), epoch: 1_234_567_890);
        Tools.Sh($"touch '{_dir["real/main/init"]}'"); // a changed mtime must not matter
        WriteFixtures.Create(_dir["b.img"], _dir["real/main"], CompressionChoice.Parse("gzip"), epoch: 1_234_567_890);

        Assert.Equal(File.ReadAllBytes(_dir["a.img"]), File.ReadAllBytes(_dir["b.img"]));
        string[] listing = Tools.Lines(Tools.Sh($"gzip -dc '{_dir["a.img"]}' | bsdtar -tvf - --numeric-owner"));
        Assert.True(listing.Length > 500);
        Assert.All(listing, line => Assert.Matches(@"^\S+\s+\d+\s+0\s+0\s", line)); // owner root:root, as dracut stores
        string[] times = Tools.Lines(Tools.Sh($"mkdir -p '{_dir["x"]}' && cd '{_dir["x"]}' && gzip -dc '{_dir["a.img"]}' | cpio -idm --quiet && find . -type f -printf '%T@\\n' | sort -u"));
        // Only files: GNU cpio sets a directory's mtime when it creates it, and the files it then
        // extracts into it move that mtime again.
        Assert.Equal(["1234567890.0000000000"], times);
    }

    public static TheoryData<string, string> Codecs => new()
    {
        { "gzip", "gzip -dc" },
        { "zstd", "zstd -dcq" },
        { "xz", "xz -dc" },
        { "lz4", "lz4 -dc" },
        { "bzip2", "bzip2 -dc" },
        { "lzma", "xz --format=lzma -dc" },
        { "none", "cat" },
    };

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Every_codec_is_read_by_the_real_decompressor(string codec, string decompress)
    {
        Tools.Sh($"mkdir -p '{_dir["small/etc"]}' && cp -a '{_dir["real/main/etc"]}/.' '{_dir["small/etc"]}/'");
        string image = _dir[$"small.{codec}"];
        WriteFixtures.Create(image, _dir["small"], CompressionChoice.Parse(codec));

        string expected = Tools.Sh($"cd '{_dir["small"]}' && find . -mindepth 1 | sed 's|^\\./||' | LC_ALL=C sort");
        Assert.Equal(expected, Tools.Sh($"{decompress} '{image}' | cpio -t --quiet"));
        if (codec == "xz")
            Assert.Contains("CRC32", Tools.Sh($"xz --robot --list '{image}'"), StringComparison.Ordinal);
        if (codec == "lzma")
            Assert.Equal("5d", Tools.Sh($"head -c 1 '{image}' | od -An -tx1 | tr -d ' \\n'"));
        Assert.Equal(expected.Split('\n', StringSplitOptions.RemoveEmptyEntries), ImageReading.Names(image)); // and our reader agrees
        if (codec == "lz4")
            Assert.Equal("02214c18", Tools.Sh($"head -c 4 '{image}' | od -An -tx1 | tr -d ' \\n'"));
    }
}
