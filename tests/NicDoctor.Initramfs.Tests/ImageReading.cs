using NicDoctor.Initramfs.Image;

namespace NicDoctor.Initramfs.Tests;

/// <summary>Small helpers that drive the library the way the CLI does.</summary>
internal static class ImageReading
{
    public static List<string> Names(string image)
    {
        var names = new List<string>();
        using var reader = InitramfsImage.Open(image);
        while (reader.GetNextSegment() is { } segment)
        {
            while (segment.GetNextEntry() is { } entry)
                names.Add(entry.Name);
        }
        return names;
    }

    public static List<InitramfsSegment> Layout(string image)
    {
        using var reader = InitramfsImage.Open(image);
        return [.. reader.ReadLayout()];
    }
}
