using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using NicDoctor.Initramfs.Compression;
using NicDoctor.VmBench;

namespace NicDoctor.Initramfs.Tests;

/// <summary>
/// Images made by Debian's real dracut 059 (<c>--no-hostonly --early-microcode</c>, the VM bench's
/// small module set): an uncompressed early cpio with <c>kernel/x86/microcode/GenuineIntel.bin</c>,
/// then the compressed main archive. Oracles: GNU cpio on the early part plus dracut's own
/// <c>skipcpio | DECOMPRESSOR | cpio</c> on the rest (what lsinitrd does), and lsinitrd's listing.
/// One image per codec is made once and cached (about two minutes each on a quiet machine).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class DracutImageTests
{
    public static TheoryData<string> Codecs => ["zstd", "gzip", "xz", "lz4"];

    private static string DracutHome => Path.Combine(TestCache.Root, "dracut-debian");

    private static string Image(string codec) =>
        DracutInitramfs.Build(DebianKernel.Locate(Tools.Kernel), new DracutImageOptions { Compression = codec, EarlyMicrocode = true });

    private static string SkipCpio(string image, string codec) =>
        $"'{DracutHome}/usr/lib/dracut/skipcpio' '{image}' | {Tools.Decompressor(codec)}";

    [Theory]
    [MemberData(nameof(Codecs))]
    public void ListAndLayout_MatchCpioAndSkipcpio(string codec)
    {
        string image = Image(codec);
        string[] early = Tools.Lines(Tools.Sh($"cpio -t --quiet < '{image}'"));
        string[] main = Tools.Lines(Tools.Sh($"{SkipCpio(image, codec)} | cpio -t --quiet"));

        Assert.Contains("kernel/x86/microcode/GenuineIntel.bin", early);
        Assert.True(main.Length > 100, $"oracle listed only {main.Length} names in the main part");
        Assert.Equal([.. early, .. main], ImageReading.Names(image));

        var parts = ImageReading.Layout(image);
        Assert.Equal(2, parts.Count);
        Assert.Equal((CompressionMethod.None, true, early.Length), (parts[0].Compression, parts[0].HasMicrocode, parts[0].EntryCount));
        Assert.Equal((codec, main.Length), (parts[1].CodecName, parts[1].EntryCount));
        Assert.Equal(new FileInfo(image).Length, parts[1].End);
    }

    [Theory]
    [InlineData("zstd")]
    [InlineData("gzip")]
    [InlineData("xz")]
    public void NativeAndManagedDecoders_ReadTheSameEntriesAndBytes(string codec)
    {
        string image = Image(codec);
        List<string> native = NativeDecoderTests.Digest(image);
        List<string> managed;
        using (NicDoctor.Initramfs.Compression.Native.NativeCodecs.ManagedOnly())
            managed = NativeDecoderTests.Digest(image);
        Assert.True(native.Count > 100, $"only {native.Count} lines");
        Assert.Equal(managed, native);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void List_HasExactlyLsinitrdsPaths(string codec)
    {
        string image = Image(codec);
        string listing = Tools.Sh($"dracutbasedir='{DracutHome}/usr/lib/dracut' bash '{DracutHome}/usr/bin/lsinitrd' '{image}'");
        string[] lsinitrd = [.. listing.Split('\n').Select(l => LsinitrdEntry().Match(l)).Where(m => m.Success).Select(m => m.Groups["path"].Value)];

        CliResult list = Cli.Run("initramfs", "list", image);

        Assert.Equal(0, list.ExitCode);
        Assert.True(lsinitrd.Length > 100, $"lsinitrd listed only {lsinitrd.Length} paths");
        Assert.Equal(lsinitrd.Order(StringComparer.Ordinal), Tools.Lines(list.Stdout).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void ExtractAndVerify_MatchGnuCpioPerPart(string codec)
    {
        string image = Image(codec);
        using var dir = new TempDirectory();
        Tools.Sh($"mkdir ours gnu && cd gnu && cpio -idm --quiet < '{image}' && {SkipCpio(image, codec)} | cpio -idm --quiet --no-absolute-filenames", dir.Path);

        CliResult extract = Cli.Run("initramfs", "extract", image, "-C", dir["ours"]);
        CliResult verify = Cli.Run("initramfs", "verify", image);

        Assert.Equal((0, ""), (extract.ExitCode, extract.Stderr));
        Assert.Equal(ExtractTests.Describe(dir["gnu"]), ExtractTests.Describe(dir["ours"]));
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
    }

    // "-rw-r--r--   1 root     root         2048 Nov 25 14:37 kernel/x86/microcode/GenuineIntel.bin",
    // devices show "5,   1" for the size; symlinks end in " -> target".
    [GeneratedRegex(@"^[-dlcbps][-rwxsStT]{9}\s+\d+\s+\S+\s+\S+\s+(?:\d+|\d+,\s*\d+)\s+\w{3}\s+\d+\s+(?:\d\d:\d\d|\d{4})\s(?<path>.+?)(?: -> .*)?$")]
    private static partial Regex LsinitrdEntry();
}
