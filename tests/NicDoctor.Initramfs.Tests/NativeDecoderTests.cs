using System.Security.Cryptography;
using NicDoctor.Initramfs.Compression.Native;
using NicDoctor.Initramfs.Image;

namespace NicDoctor.Initramfs.Tests;

/// <summary>
/// The native decoders (libzstd, liblzma, zlib-ng from the .NET runtime) against the managed
/// fallbacks (ZstdSharp, SharpCompress, GZipStream): same entries and bytes on real images, exact
/// member ends on hand-built layouts, and only <see cref="CpioFormatException"/> for damaged input.
/// The other tests in this project run the native path, which is the default on Debian.
/// </summary>
public sealed class NativeDecoderTests
{
    /// <summary>Codecs with a native decoder; bzip2, lz4 and lzop are managed only.</summary>
    public static TheoryData<string> NativeCodecNames => ["gzip", "zstd", "xz", "lzma"];

    /// <summary>Codecs whose managed fallback also finds the exact member end (GZipStream does not).</summary>
    public static TheoryData<string> ExactManagedCodecs => ["zstd", "xz", "lzma"];

    [Fact]
    public void NativeLibraries_LoadOnDebian()
    {
        // Without this the rest of the suite would silently test the fallbacks only.
        Assert.Equal((true, true, true), (NativeCodecs.Zstd, NativeCodecs.Lzma, NativeCodecs.ZlibNg));
    }

    [Fact]
    public void ManagedOnlyScope_SwitchesEveryNativeDecoderOff_AndBackOn()
    {
        using (NativeCodecs.ManagedOnly())
            Assert.Equal((false, false, false, false), (NativeCodecs.Zstd, NativeCodecs.Lzma, NativeCodecs.ZlibNg, NativeCodecs.Zlib));
        Assert.True(NativeCodecs.Zstd);
    }

    [Theory]
    [MemberData(nameof(NativeCodecNames))]
    public void RealImage_NativeAndManaged_DecodeIdentically(string codec)
    {
        // Full MODULES=most images for the fast codecs, the small ones for xz and lzma.
        string image = Tools.MkinitramfsImage(codec, small: codec is "xz" or "lzma");
        List<string> native = Digest(image);
        List<string> managed;
        using (NativeCodecs.ManagedOnly())
            managed = Digest(image);
        Assert.True(native.Count > 200, $"only {native.Count} lines");
        Assert.Equal(managed, native);
    }

    [Theory]
    [MemberData(nameof(NativeCodecNames))]
    public void RealImage_ReadAhead_DecodesIdentically(string codec)
    {
        string image = Tools.MkinitramfsImage(codec, small: codec is "xz" or "lzma");
        Assert.Equal(Digest(image), Digest(image, readAhead: true));
    }

    [Theory]
    [MemberData(nameof(ExactManagedCodecs))]
    public void ManagedFallback_CompressedMemberThenCpio_EndIsExact(string codec)
    {
        using var fx = new Fixtures();
        string compressed = fx.Compress(fx.Cpio("tree"), codec);
        string last = fx.Cpio("tree2");
        long end = new FileInfo(compressed).Length;
        int pad = (int)(((end + 3) & ~3L) - end);
        string image = fx.Concat("initrd.img", compressed, pad, last);

        using (NativeCodecs.ManagedOnly())
        {
            Assert.Equal([.. Fixtures.CpioList(fx["tree.newc.cpio"]), .. Fixtures.CpioList(last)], ImageReading.Names(image));
            var parts = ImageReading.Layout(image);
            Assert.Equal([codec, "cpio"], parts.Select(p => p.CodecName));
            Assert.Equal(end, parts[0].End);
        }
    }

    [Theory]
    [MemberData(nameof(NativeCodecNames))]
    public void NativeDecoder_TwoMembersInARow_SplitAtTheExactByte(string codec)
    {
        using var fx = new Fixtures();
        string first = fx.Compress(fx.Cpio("tree3"), codec);
        string second = fx.Compress(fx.Cpio("tree2"), codec);
        string image = fx.Concat("initrd.img", first, second);

        var parts = ImageReading.Layout(image);
        long firstLength = new FileInfo(first).Length;
        Assert.Equal([(0L, firstLength), (firstLength, firstLength + new FileInfo(second).Length)], parts.Select(p => (p.Offset, p.End)));
        Assert.Equal([.. Fixtures.CpioList(fx["tree3.newc.cpio"]), .. Fixtures.CpioList(fx["tree2.newc.cpio"])], ImageReading.Names(image));
    }

    [Fact]
    public void ManagedGzipFallback_SaysTheMemberRunsToTheEnd()
    {
        using var fx = new Fixtures();
        string image = fx.Compress(fx.Cpio("tree"), "gzip");
        using (NativeCodecs.ManagedOnly())
        {
            var parts = ImageReading.Layout(image);
            Assert.Contains("assumed to extend to the end of the image", parts[0].CompressionDetail);
            Assert.Equal(Fixtures.CpioList(fx["tree.newc.cpio"]), ImageReading.Names(image));
        }
    }

    [Theory]
    [MemberData(nameof(NativeCodecNames))]
    public void DamagedMember_OnlyFormatExceptions_NativeManagedAndReadAhead(string codec)
    {
        using var fx = new Fixtures();
        byte[] good = File.ReadAllBytes(fx.Compress(fx.Cpio("tree"), codec));
        var damaged = new List<byte[]>();
        foreach (int cut in new[] { 1, 7, 13, good.Length / 3, good.Length / 2, good.Length - 5, good.Length - 1 })
            damaged.Add(good[..cut]);
        foreach (int at in new[] { 2, 9, 20, good.Length / 4, good.Length / 2, good.Length - 6, good.Length - 2 })
        {
            byte[] flipped = (byte[])good.Clone();
            flipped[at] ^= 0x55;
            damaged.Add(flipped);
        }

        for (int i = 0; i < damaged.Count; i++)
        {
            string path = fx[$"damaged-{i}.img"];
            File.WriteAllBytes(path, damaged[i]);
            // Some single-byte changes land where no check looks (e.g. the gzip mtime): no error is fine,
            // any exception other than ours is a bug.
            string? native = Outcome(() => Digest(path));
            string? ahead = Outcome(() => Digest(path, readAhead: true));
            string? managed;
            using (NativeCodecs.ManagedOnly())
                managed = Outcome(() => Digest(path));
            Assert.Equal(native, ahead);
            if (i < 7)
                Assert.Equal("CpioFormatException", native); // truncation is always detected
            Assert.True(managed is null or "CpioFormatException", $"managed: {managed}");
            Assert.True(native is null or "CpioFormatException", $"native: {native}");
        }
    }

    [Fact]
    public void ReadAhead_AbandonedHalfway_StopsTheWorker()
    {
        string image = Tools.MkinitramfsImage("zstd");
        var image2 = InitramfsImage.Open(image);
        image2.ReadAhead = true;
        using (image2)
        {
            InitramfsSegment segment = image2.GetNextSegment()!;
            for (int i = 0; i < 10; i++)
                Assert.NotNull(segment.GetNextEntry());
        }
        // Disposing joined the decoder thread; reading the same file again works.
        Assert.NotEmpty(ImageReading.Names(image));
    }

    /// <summary>Per part: codec, offsets, sizes, detail; per entry: name, type, size, SHA-256 of the data.</summary>
    internal static List<string> Digest(string image, bool readAhead = false)
    {
        var lines = new List<string>();
        using var reader = InitramfsImage.Open(image);
        reader.ReadAhead = readAhead;
        while (reader.GetNextSegment() is { } segment)
        {
            while (segment.GetNextEntry() is { } entry)
            {
                string hash = entry.DataStream is { } data ? Convert.ToHexString(SHA256.HashData(data)) : "-";
                lines.Add($"{entry.Name} {entry.EntryType} {entry.Length} {entry.LinkTarget} {hash}");
            }
            string detail = segment.CompressionDetail is { } d && !d.Contains("assumed to extend") ? d : "";
            lines.Add($"part {segment.Index} {segment.CodecName} {segment.Offset}-{segment.End} {segment.UncompressedSize} {detail}");
        }
        return lines;
    }

    private static string? Outcome(Action read)
    {
        try
        {
            read();
            return null;
        }
        catch (Exception ex)
        {
            return ex.GetType().Name;
        }
    }
}
