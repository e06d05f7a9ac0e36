using System.IO.Compression;

namespace NicDoctor.Initramfs.Compression.Encoding;

/// <summary>gzip by the BCL (zlib underneath); header mtime 0, like <c>gzip -n</c>.</summary>
internal sealed class GzipEncoder : CompressionEncoder
{
    public override CompressionMethod Method => CompressionMethod.Gzip;
    public override string Name => "gzip";
    public override int DefaultLevel => 9; // dracut: gzip -n -9
    public override int MinLevel => 1;
    public override int MaxLevel => 9;

    public override Stream Open(Stream destination, int level) =>
        new GZipStream(destination, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);

    /// <summary>gzip's header XFL byte: 2 = level 9 ("maximum"), 4 = level 1 ("fastest"); otherwise unknown.</summary>
    public static int? DetectLevel(ReadOnlySpan<byte> member) =>
        member.Length < 10 ? null : member[8] switch { 2 => 9, 4 => 1, _ => null };
}
