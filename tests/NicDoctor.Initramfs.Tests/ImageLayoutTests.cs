using NicDoctor.Initramfs.Compression;
using NicDoctor.Initramfs.Image;
using NicDoctor.Initramfs.Verify;

namespace NicDoctor.Initramfs.Tests;

/// <summary>
/// Hand-built layouts the kernel accepts (and some it does not), made from GNU cpio archives and
/// the real compressors. The expected names are GNU cpio's listing of each piece; the expected
/// part boundaries are where the pieces were put.
/// </summary>
public sealed class ImageLayoutTests
{
    public static TheoryData<string> Codecs => ["gzip", "zstd", "xz", "lzma", "bzip2", "lz4", "lzop"];

    [Theory]
    [MemberData(nameof(Codecs))]
    public void EarlyCpio_ThenCompressedMain_ReadsBoth(string codec)
    {
        using var fx = new Fixtures();
        string early = fx.Cpio("tree3");
        string main = fx.Cpio("tree");
        string compressed = fx.Compress(main, codec);
        string image = fx.Concat("initrd.img", early, compressed);

        Assert.Equal([.. Fixtures.CpioList(early), .. Fixtures.CpioList(main)], ImageReading.Names(image));
        var parts = ImageReading.Layout(image);
        Assert.Equal(2, parts.Count);
        // The part ends after its trailer; GNU cpio's 512-byte block padding (zeros) follows it.
        long earlyLength = new FileInfo(early).Length;
        Assert.Equal(0L, parts[0].Offset);
        Assert.InRange(parts[0].End, earlyLength - 511, earlyLength);
        Assert.All(File.ReadAllBytes(early)[(int)parts[0].End..], b => Assert.Equal(0, b));
        Assert.Equal(CompressionMethod.None, parts[0].Compression);
        Assert.True(parts[0].HasMicrocode);
        Assert.Equal(codec, parts[1].CodecName);
        Assert.Equal((new FileInfo(early).Length, new FileInfo(image).Length), (parts[1].Offset, parts[1].End));
        Assert.Equal(new FileInfo(main).Length, parts[1].UncompressedSize);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void CompressedMember_FollowedByZeroPaddingAndCpio_KeepsReading(string codec)
    {
        using var fx = new Fixtures();
        string first = fx.Cpio("tree3");
        string middle = fx.Compress(fx.Cpio("tree"), codec);
        string last = fx.Cpio("tree2");
        long middleStart = new FileInfo(first).Length + 512;
        long middleEnd = middleStart + new FileInfo(middle).Length;
        int pad = (int)(((middleEnd + 3) & ~3L) - middleEnd) + 1024; // realign to 4, then 1 KiB of zeros
        string image = fx.Concat("initrd.img", first, 512, middle, pad, last);

        string[] expected = [.. Fixtures.CpioList(first), .. Fixtures.CpioList(fx["tree.newc.cpio"]), .. Fixtures.CpioList(last)];
        Assert.Equal(expected, ImageReading.Names(image));
        var parts = ImageReading.Layout(image);
        Assert.Equal(["cpio", codec, "cpio"], parts.Select(p => p.CodecName));
        Assert.Equal((middleStart, middleEnd), (parts[1].Offset, parts[1].End));
        Assert.Equal(middleEnd + pad, parts[2].Offset);
    }

    [Fact]
    public void TwoCompressedMembers_InARow_AreTwoParts()
    {
        using var fx = new Fixtures();
        string a = fx.Compress(fx.Cpio("tree"), "zstd");
        string b = fx.Compress(fx.Cpio("tree2"), "gzip");
        string image = fx.Concat("initrd.img", a, b);
        Assert.Equal([.. Fixtures.CpioList(fx["tree.newc.cpio"]), .. Fixtures.CpioList(fx["tree2.newc.cpio"])], ImageReading.Names(image));
        Assert.Equal(["zstd", "gzip"], ImageReading.Layout(image).Select(p => p.CodecName));
    }

    [Fact]
    public void Odc_IsReadButReportedAsNotBootable()
    {
        using var fx = new Fixtures();
        string image = fx.Cpio("tree", "odc");
        Assert.Equal(Fixtures.CpioList(image), ImageReading.Names(image));
        using var reader = InitramfsImage.Open(image);
        VerifyReport report = InitramfsVerifier.Verify(reader);
        Assert.False(report.WouldBoot);
        Assert.Contains(report.Findings, f => f.Severity == FindingSeverity.Error && f.Message.Contains("use -H newc"));
    }

    [Fact]
    public void CleanImage_Verifies()
    {
        using var fx = new Fixtures();
        string image = fx.Concat("initrd.img", fx.Cpio("tree3", "crc"), fx.Compress(fx.Cpio("tree"), "xz"));
        using var reader = InitramfsImage.Open(image);
        VerifyReport report = InitramfsVerifier.Verify(reader);
        Assert.True(report.WouldBoot, string.Join("\n", report.Findings));
        Assert.Equal(2, report.Parts.Count);
    }

    [Fact]
    public void TruncatedCompressedMember_ErrorNamesFileAndOffset()
    {
        using var fx = new Fixtures();
        string early = fx.Cpio("tree3");
        string main = fx.Compress(fx.Cpio("tree"), "zstd");
        string full = fx.Concat("full.img", early, main);
        byte[] bytes = File.ReadAllBytes(full);
        File.WriteAllBytes(fx["cut.img"], bytes[..(bytes.Length - 1000)]);

        var ex = Assert.Throws<CpioFormatException>(() => ImageReading.Names(fx["cut.img"]));
        Assert.StartsWith("cut.img: ", ex.Message);
        Assert.Contains("truncated zstd data", ex.Message);
        Assert.Contains($"0x{new FileInfo(early).Length:x}", ex.Message); // the member's start
    }

    [Fact]
    public void XzWithCrc64_IsFlaggedForTheKernel()
    {
        using var fx = new Fixtures();
        string main = fx.Cpio("tree");
        Tools.Sh($"xz --check=crc64 -c < '{main}' > '{main}.xz64'");
        using var reader = InitramfsImage.Open(main + ".xz64");
        VerifyReport report = InitramfsVerifier.Verify(reader);
        Assert.Contains(report.Findings, f => f.Message.Contains("needs crc32"));
        Assert.Equal("check crc64", report.Parts[0].CompressionDetail);
    }

    [Fact]
    public void Lz4FrameFormat_IsNamedAsNotBootable()
    {
        using var fx = new Fixtures();
        string main = fx.Cpio("tree");
        Tools.Sh($"lz4 -q -c < '{main}' > '{main}.lz4frame'");
        var ex = Assert.Throws<CpioFormatException>(() => ImageReading.Names(main + ".lz4frame"));
        Assert.Contains("lz4 frame format", ex.Message);
        Assert.Contains("offset 0x0", ex.Message);
    }

    [Fact]
    public void Lz4Legacy_FollowedByData_IsFlagged()
    {
        using var fx = new Fixtures();
        string image = fx.Concat("initrd.img", fx.Compress(fx.Cpio("tree"), "lz4"), fx.Cpio("tree2"));
        using var reader = InitramfsImage.Open(image);
        VerifyReport report = InitramfsVerifier.Verify(reader);
        Assert.Contains(report.Findings, f => f.Severity == FindingSeverity.Error && f.Message.Contains("lz4"));
    }

    [Fact]
    public void TrailingGarbage_IsAnErrorWithOffset()
    {
        using var fx = new Fixtures();
        string archive = fx.Cpio("tree");
        string garbage = fx["garbage"];
        File.WriteAllBytes(garbage, "JUNK"u8.ToArray());
        string image = fx.Concat("initrd.img", archive, garbage);
        var ex = Assert.Throws<CpioFormatException>(() => ImageReading.Names(image));
        Assert.Equal(new FileInfo(archive).Length, ex.Offset);
        Assert.Contains("invalid magic at start of compressed archive", ex.Message);
    }

    [Fact]
    public void MisalignedCpio_IsReadLikeGnuCpioButFlaggedForTheKernel()
    {
        using var fx = new Fixtures();
        string first = fx.Cpio("tree2");
        string second = fx.Cpio("tree3");
        string image = fx.Concat("initrd.img", first, 2, second); // 2 zero bytes: second starts at 4n+2

        Assert.Equal([.. Fixtures.CpioList(first), .. Fixtures.CpioList(second)], ImageReading.Names(image));
        using var reader = InitramfsImage.Open(image);
        VerifyReport report = InitramfsVerifier.Verify(reader);
        Assert.Contains(report.Findings, f => f.Severity == FindingSeverity.Error && f.Part == 2 && f.Message.Contains("not 4-byte aligned"));
    }
}
