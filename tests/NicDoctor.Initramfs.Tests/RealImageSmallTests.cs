namespace NicDoctor.Initramfs.Tests;

/// <summary>
/// mkinitramfs images with the slow compressors (xz, lzma, bzip2, lzop), made small
/// (<c>MODULES=list</c>, one NIC driver) so CI generates them in seconds: the path list equals
/// <c>DECOMPRESSOR | cpio -t</c> and the extracted tree equals <c>DECOMPRESSOR | cpio -idm</c>.
/// </summary>
public sealed class RealImageSmallTests
{
    public static TheoryData<string> SlowCodecs => ["xz", "lzma", "bzip2", "lzop"];

    [Theory]
    [MemberData(nameof(SlowCodecs))]
    public void ListAndExtract_MatchGnuCpio(string codec)
    {
        string image = Tools.MkinitramfsImage(codec, small: true);
        string[] expected = Tools.Lines(Tools.Sh($"{Tools.Decompressor(codec)} '{image}' | cpio -t --quiet"));
        Assert.True(expected.Length > 200, $"oracle listed only {expected.Length} names");
        Assert.Equal(expected, ImageReading.Names(image));

        using var dir = new TempDirectory();
        Tools.Sh($"mkdir ours gnu && cd gnu && {Tools.Decompressor(codec)} '{image}' | cpio -idm --quiet --no-absolute-filenames", dir.Path);
        CliResult result = Cli.Run("initramfs", "extract", image, "-C", dir["ours"]);
        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Equal(ExtractTests.Describe(dir["gnu"]), ExtractTests.Describe(dir["ours"]));
    }
}
