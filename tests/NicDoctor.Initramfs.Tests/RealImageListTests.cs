using NicDoctor.Initramfs.Image;

namespace NicDoctor.Initramfs.Tests;

/// <summary>Real mkinitramfs images: our path list equals GNU cpio's over the decompressed image.</summary>
public sealed class RealImageListTests
{
    public static TheoryData<string> FastCodecs => ["gzip", "zstd", "lz4"];

    [Theory]
    [MemberData(nameof(FastCodecs))]
    public void List_MatchesGnuCpio(string codec)
    {
        string image = Tools.MkinitramfsImage(codec);
        string[] expected = Tools.Lines(Tools.Sh($"{Tools.Decompressor(codec)} '{image}' | cpio -t --quiet"));

        var actual = new List<string>();
        using var reader = InitramfsImage.Open(image);
        while (reader.GetNextSegment() is { } segment)
        {
            while (segment.GetNextEntry() is { } entry)
                actual.Add(entry.Name);
        }

        Assert.True(expected.Length > 500, $"oracle listed only {expected.Length} names");
        Assert.Equal(expected, actual);
    }
}
