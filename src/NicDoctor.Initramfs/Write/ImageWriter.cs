using NicDoctor.Initramfs.Compression.Encoding;
using NicDoctor.Initramfs.Cpio;

namespace NicDoctor.Initramfs.Write;

/// <summary>Writes an image: each planned part as one newc archive, compressed or not, back to back.</summary>
public static class ImageWriter
{
    public static void Write(Stream output, IEnumerable<ImageSegmentPlan> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        foreach (ImageSegmentPlan segment in segments)
            WriteSegment(output, segment.Items, segment.Compression);
    }

    public static void WriteSegment(Stream output, IEnumerable<ArchiveItem> items, CompressionChoice compression)
    {
        ArgumentNullException.ThrowIfNull(items);
        using (Stream encoded = CompressionEncoders.Open(output, compression))
        using (var cpio = new CpioWriter(encoded, CpioFormat.Newc, leaveOpen: true))
        {
            foreach (ArchiveItem item in items)
                WriteItem(cpio, item);
            cpio.Finish();
        }
    }

    public static void WriteItem(CpioWriter cpio, ArchiveItem item)
    {
        ArgumentNullException.ThrowIfNull(cpio);
        ArgumentNullException.ThrowIfNull(item);
        if (item.SourceFile is { } file)
        {
            using var data = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (data.Length != item.Header.Size)
                throw new IOException($"{file}: size changed from {item.Header.Size} to {data.Length} bytes while the image was written");
            cpio.WriteEntry(item.Header, data);
        }
        else
            cpio.WriteEntry(item.Header, item.InlineData ?? []);
    }
}
