using NicDoctor.Initramfs;
using NicDoctor.Initramfs.Image;
using NicDoctor.Initramfs.Verify;

namespace NicDoctor.Fuzz.Targets;

/// <summary>
/// The whole read side: segment scanner, every codec (native decoders where the system libraries
/// load, as on Debian), the cpio reader with data streams and crc sums (as <c>list --long</c> and
/// <c>cat</c> read it), then <c>verify</c> over the same bytes.
/// Documented bad-input exception: <see cref="CpioFormatException"/>.
/// </summary>
public sealed class InitramfsTarget : FuzzTarget
{
    public override string Name => "initramfs";

    public override IReadOnlyList<string> InstrumentedAssemblies => ["NicDoctor.Initramfs.dll"];

    public override string InputName => "fuzz.img";

    public override Exception? Run(ReadOnlySpan<byte> input)
    {
        byte[] bytes = input.ToArray();
        CpioFormatException? documented = null;
        try
        {
            // Odd-length inputs go through the decode-ahead thread (extract and verify use it), so
            // both ways of reading are fuzzed on the same corpus.
            using var image = new InitramfsImage(new MemoryStream(bytes, writable: false), InputName) { ReadAhead = (bytes.Length & 1) == 1 };
            while (image.GetNextSegment() is { } segment)
            {
                while (segment.GetNextEntry() is { } entry)
                {
                    // What list --long prints.
                    _ = (entry.Name, entry.EntryType, entry.Permissions, entry.ModificationTime, entry.LinkTarget, entry.Length);
                    entry.DataStream?.CopyTo(Stream.Null);
                }
                _ = (segment.CompressionDetail, segment.UncompressedSize, segment.HasMicrocode, segment.KernelProblems);
            }
        }
        catch (CpioFormatException ex)
        {
            documented = ex;
        }
        // verify reports format errors as findings instead of throwing.
        using var again = new InitramfsImage(new MemoryStream(bytes, writable: false), InputName);
        _ = InitramfsVerifier.Verify(again);
        return documented;
    }
}
