using NicDoctor.Initramfs.Compression;
using NicDoctor.Initramfs.Compression.Encoding;
using NicDoctor.Initramfs.Compression.Native;

namespace NicDoctor.Initramfs.Tests.Write;

/// <summary>
/// The zstd writer: the native (libzstd) and managed (ZstdSharp) encoders both write frames the
/// zstd tool decodes, and the level chosen for a re-encode keeps the window of frames the zstd
/// tool wrote at each level. Input: 9 MiB of real kernel modules (more than zstd's largest
/// default window, so the tool does not shrink it to the input).
/// </summary>
public sealed class ZstdEncoderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _input;

    public ZstdEncoderTests()
    {
        _input = _dir["modules.bin"];
        // head closes the pipe early (SIGPIPE to cat): the size check below is the test of the input.
        Tools.Sh($"{{ find /lib/modules/{Tools.Kernel}/kernel/drivers/net -name '*.ko*' | LC_ALL=C sort | xargs cat | head -c 9437184 > '{_input}' || true; }}");
        Assert.Equal(9437184, new FileInfo(_input).Length);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Native_encoder_loads_on_Debian()
    {
        // Without this the repack tests would silently measure ZstdSharp only.
        Assert.True(NativeCodecs.ZstdEncoder);
        using (NativeCodecs.ManagedOnly())
            Assert.False(NativeCodecs.ZstdEncoder);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Both_encoders_write_a_checksummed_frame_the_zstd_tool_decodes(bool managed)
    {
        string output = _dir[managed ? "managed.zst" : "native.zst"];
        using (managed ? NativeCodecs.ManagedOnly() : null)
        using (var file = File.Create(output))
        using (Stream zstd = CompressionEncoders.Open(file, new CompressionChoice(CompressionMethod.Zstd, 3)))
        using (var input = File.OpenRead(_input))
        {
            // Small writes, as the cpio writer makes them (110-byte headers), then large ones.
            byte[] buffer = new byte[110];
            for (int i = 0; i < 1000; i++)
                zstd.Write(buffer, 0, input.Read(buffer));
            input.CopyTo(zstd, 1 << 20);
        }
        Assert.Equal(Tools.Sh($"sha256sum < '{_input}'"), Tools.Sh($"zstd -dc '{output}' | sha256sum"));
        Assert.Contains("Check: XXH64", Tools.Sh($"zstd -lv '{output}' 2>&1"), StringComparison.Ordinal);
    }

    /// <summary>zstd's level table for inputs over 256 KiB (lib/compress/clevels.h): the window log of each level.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(8, 3)]
    [InlineData(9, 9)]
    [InlineData(15, 9)]  // dracut's zstd -15
    [InlineData(16, 9)]
    [InlineData(17, 17)]
    [InlineData(19, 17)]
    public void Level_for_a_frame_is_the_fastest_with_the_window_the_zstd_tool_chose(int toolLevel, int expected)
    {
        string original = _dir["tool.zst"];
        Tools.Sh($"zstd -q -{toolLevel} -T2 -c '{_input}' > '{original}'");
        byte[] header = new byte[6];
        using (var file = File.OpenRead(original))
            file.ReadExactly(header);

        int? level = ZstdEncoder.LevelForFrame(header);

        Assert.Equal(expected, level);
        // Our encoder at that level writes the same window descriptor as the tool did.
        string ours = _dir["ours.zst"];
        using (var file = File.Create(ours))
        using (Stream zstd = CompressionEncoders.Open(file, new CompressionChoice(CompressionMethod.Zstd, level)))
        using (var input = File.OpenRead(_input))
            input.CopyTo(zstd);
        Assert.Equal(WindowSize(original), WindowSize(ours));
    }

    [Fact]
    public void Level_for_a_frame_is_unknown_for_a_single_segment_frame_or_other_data()
    {
        // A small file of known size: the tool writes a single-segment frame whose window is its content size.
        string small = _dir["small.zst"];
        Tools.Sh($"head -c 5000 '{_input}' > small.bin && zstd -q -15 small.bin -o '{small}'", _dir.Path);
        byte[] header = File.ReadAllBytes(small)[..6];
        Assert.NotEqual(0, header[4] & 0x20);
        Assert.Null(ZstdEncoder.LevelForFrame(header));
        Assert.Null(ZstdEncoder.LevelForFrame([0x1F, 0x8B, 8, 0, 0, 0]));
        Assert.Null(ZstdEncoder.LevelForFrame([0x28, 0xB5]));
    }

    private static string WindowSize(string file) =>
        Assert.Single(Tools.Lines(Tools.Sh($"zstd -lv '{file}' 2>&1")), l => l.StartsWith("Window Size:", StringComparison.Ordinal));
}
