using NicDoctor.Initramfs.Image;

namespace NicDoctor.Initramfs.Tests;

/// <summary>
/// Property: whatever bytes a real image is mutated into, reading it either works or fails with
/// <see cref="CpioFormatException"/>, never another exception (and never hangs: inputs are small).
/// Seeds are fixed so a failure reproduces; a fuzzing harness is the fuller version of this.
/// </summary>
public sealed class MutationTests
{
    public static TheoryData<string> Layouts => ["cpio", "gzip", "zstd", "xz", "lzma", "bzip2", "lz4", "lzop"];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void RandomMutations_OnlyEverThrowTheFormatException(string codec)
    {
        using var fx = new Fixtures();
        string early = fx.Cpio("tree2", "crc");
        string main = codec == "cpio" ? fx.Cpio("tree3") : fx.Compress(fx.Cpio("tree3"), codec);
        byte[] original = File.ReadAllBytes(fx.Concat("initrd.img", early, main));
        var random = new Random(codec.Aggregate(17, (h, c) => (h * 31) + c)); // fixed per codec, reproducible

        for (int round = 0; round < 150; round++)
        {
            byte[] bytes = (byte[])original.Clone();
            int edits = 1 + random.Next(4);
            for (int i = 0; i < edits; i++)
            {
                int at = random.Next(bytes.Length);
                switch (random.Next(3))
                {
                    case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                    case 1: bytes[at] = (byte)random.Next(256); break;
                    default: bytes = bytes[..at]; break;
                }
                if (bytes.Length == 0)
                    break;
            }
            try
            {
                using var image = new InitramfsImage(new MemoryStream(bytes), "mutant.img");
                while (image.GetNextSegment() is { } segment)
                {
                    while (segment.GetNextEntry() is { } entry)
                        entry.DataStream?.CopyTo(Stream.Null);
                }
            }
            catch (CpioFormatException)
            {
            }
        }
    }
}
