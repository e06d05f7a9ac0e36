using System.Text;
using NicDoctor.Initramfs.Cpio;

namespace NicDoctor.Initramfs.Tests;

/// <summary>CpioReader on archives written by GNU cpio, checked against GNU cpio and the source tree.</summary>
public sealed class CpioReaderTests
{
    [Theory]
    [InlineData("newc", CpioFormat.Newc)]
    [InlineData("crc", CpioFormat.Crc)]
    [InlineData("odc", CpioFormat.Odc)]
    public void Entries_MatchGnuCpioAndTheTree(string gnuFormat, CpioFormat expectedFormat)
    {
        using var fx = new Fixtures();
        string archive = fx.Cpio("tree", gnuFormat);
        string[] expectedNames = Fixtures.CpioList(archive);

        var names = new List<string>();
        var entries = new Dictionary<string, (CpioEntry Entry, byte[]? Data)>();
        using (var reader = new CpioReader(File.OpenRead(archive), sourceName: "tree.cpio"))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                names.Add(entry.Name);
                Assert.Equal(expectedFormat, entry.Format);
                byte[]? data = null;
                if (entry.DataStream is { } stream)
                {
                    var copy = new MemoryStream();
                    stream.CopyTo(copy);
                    data = copy.ToArray();
                }
                entries[entry.Name] = (entry, data);
            }
            Assert.True(reader.ReachedTrailer);
        }

        Assert.Equal(expectedNames, names);
        Assert.Equal(File.ReadAllBytes(fx["tree/lib/firmware/blob.bin"]), entries["lib/firmware/blob.bin"].Data);
        Assert.Equal("root=/dev/sda1 rd.driver.pre=i40e\n", Encoding.UTF8.GetString(entries["etc/cmdline.d/10-root.conf"].Data!));
        Assert.Equal(CpioEntryType.SymbolicLink, entries["bin/hi"].Entry.EntryType);
        Assert.Equal("hello", entries["bin/hi"].Entry.LinkTarget);
        Assert.Equal(CpioEntryType.Fifo, entries["dev/initctl"].Entry.EntryType);
        Assert.Equal(CpioEntryType.CharacterDevice, entries["dev/null2"].Entry.EntryType);
        Assert.Equal((1u, 3u), (entries["dev/null2"].Entry.RDevMajor, entries["dev/null2"].Entry.RDevMinor));
        Assert.Equal(CpioEntryType.Directory, entries["etc"].Entry.EntryType);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, entries["lib/firmware/blob.bin"].Entry.Permissions);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), entries["bin/hello"].Entry.ModificationTime);

        // Two names of one inode: the later one points at the first; GNU cpio (newc) puts the data on the last.
        var hello = entries["bin/hello"].Entry;
        var hard = entries["bin/hello-hardlink"].Entry;
        Assert.Equal(2u, hello.LinkCount);
        Assert.Null(hello.HardLinkTarget);
        Assert.Equal("bin/hello", hard.HardLinkTarget);
    }

    [Fact]
    public void Crc_CorruptDataByte_IsCaughtWithEntryAndOffset()
    {
        using var fx = new Fixtures();
        string archive = fx.Cpio("tree", "crc");
        byte[] bytes = File.ReadAllBytes(archive);
        int at = bytes.AsSpan().IndexOf("rd.driver.pre=i40e"u8);
        Assert.True(at > 0);
        bytes[at] ^= 0x01;

        var reader = new CpioReader(new MemoryStream(bytes), sourceName: "bad.cpio");
        var ex = Assert.Throws<CpioFormatException>(() =>
        {
            while (reader.GetNextEntry() is not null)
            {
            }
        });
        Assert.Equal("etc/cmdline.d/10-root.conf", ex.EntryName);
        Assert.Contains("bad data checksum", ex.Message);
        Assert.StartsWith("bad.cpio: offset 0x", ex.Message);
        Assert.InRange(ex.Offset, at, at + 64);
    }

    [Fact]
    public void Crc_VerifiesWhenDataIsSkippedOnAPipe()
    {
        using var fx = new Fixtures();
        byte[] bytes = File.ReadAllBytes(fx.Cpio("tree", "crc"));
        int at = bytes.AsSpan().IndexOf("echo hello"u8);
        bytes[at] = (byte)'E';
        using var reader = new CpioReader(new NonSeekableStream(new MemoryStream(bytes)));
        Assert.Throws<CpioFormatException>(() =>
        {
            while (reader.GetNextEntry() is not null)
            {
            }
        });
    }

    [Fact]
    public void Truncated_ReportsOffset()
    {
        using var fx = new Fixtures();
        byte[] bytes = File.ReadAllBytes(fx.Cpio("tree", "newc"));
        byte[] cut = bytes[..(bytes.Length / 2)];
        using var reader = new CpioReader(new MemoryStream(cut), sourceName: "cut.cpio");
        var ex = Assert.Throws<CpioFormatException>(() =>
        {
            while (reader.GetNextEntry() is { } e)
                e.DataStream?.CopyTo(Stream.Null);
        });
        Assert.Contains("truncated", ex.Message);
        Assert.Matches(@"^cut\.cpio: offset 0x[0-9a-f]+: ", ex.Message);
        Assert.InRange(ex.Offset, 0, cut.Length);
    }

    [Fact]
    public void BadMagic_SaysWhatItLooksLike()
    {
        byte[] zstd = [0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0, 0, 0];
        using var reader = new CpioReader(new MemoryStream(zstd), sourceName: "x.img");
        var ex = Assert.Throws<CpioFormatException>(() => reader.GetNextEntry());
        Assert.Equal(@"x.img: offset 0x0: invalid cpio magic '(\xb5/\xfd\x00\x00', expected 070701 or 070702 (looks like zstd data)", ex.Message);
    }
}

/// <summary>Hides seeking, as a pipe would.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1000));
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
