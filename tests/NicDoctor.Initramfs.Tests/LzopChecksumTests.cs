namespace NicDoctor.Initramfs.Tests;

/// <summary>
/// lzop's per-block checksums (Adler-32 by default, CRC-32 with <c>--crc32</c>). The oracle is
/// <c>lzop -t</c>: on the same damaged file it must report a checksum error, and so must we.
/// The data is incompressible (the xz payload of the installed kernel), so lzop stores the
/// blocks as they are and only the checksum can notice a changed byte.
/// </summary>
public sealed class LzopChecksumTests
{
    [Theory]
    [InlineData("", "Adler-32")]
    [InlineData("--crc32", "CRC-32")]
    public void ChangedByteInStoredBlock_IsCaughtByTheBlockChecksum(string lzopOption, string checksum)
    {
        using var fx = new Fixtures();
        string image = MakeImage(fx, lzopOption);
        Assert.Equal(Fixtures.CpioList(fx["payload.cpio"]), ImageReading.Names(image));

        byte[] bytes = File.ReadAllBytes(image);
        int middle = bytes.Length / 2;
        bytes[middle] ^= 0x20;
        string damaged = fx["damaged.lzo"];
        File.WriteAllBytes(damaged, bytes);

        string lzopVerdict = Tools.Sh($"lzop -t '{damaged}' 2>&1 || true");
        Assert.Contains("Checksum error", lzopVerdict, StringComparison.Ordinal);
        var error = Assert.Throws<CpioFormatException>(() => ImageReading.Names(damaged));
        Assert.Contains($"{checksum} of the uncompressed data", error.Message, StringComparison.Ordinal);
        Assert.Equal("damaged.lzo", Path.GetFileName(error.SourceName));
        Assert.InRange(error.Offset, 0, middle);
    }

    [Fact]
    public void CompressedBlocksWithBothChecksums_ReadLikeLzopDecompresses()
    {
        using var fx = new Fixtures();
        string main = fx.Cpio("tree");
        string image = fx["tree.cpio.lzo"];
        Tools.Sh($"lzop -9 --crc32 -c < '{main}' > '{image}' && lzop -t '{image}'");

        Assert.Equal(Fixtures.CpioList(main), ImageReading.Names(image));
    }

    private static string MakeImage(Fixtures fx, string lzopOption)
    {
        // 600 KB from 1 MB into vmlinuz: compressed kernel payload, which lzop cannot shrink.
        Tools.Sh("""
            mkdir -p payload
            dd if=/boot/vmlinuz-KERNEL bs=1000 skip=1000 count=600 status=none of=payload/blob
            (cd payload && echo blob | cpio -o -H newc --quiet) > payload.cpio
            """.Replace("KERNEL", Tools.Kernel, StringComparison.Ordinal), fx.Path);
        string image = fx["payload.cpio.lzo"];
        Tools.Sh($"lzop {lzopOption} -c < payload.cpio > '{image}'", fx.Path);
        return image;
    }
}
