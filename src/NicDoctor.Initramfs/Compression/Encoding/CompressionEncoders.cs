namespace NicDoctor.Initramfs.Compression.Encoding;

/// <summary>
/// The writers, one per codec the kernel decodes, except lzo: no chosen library encodes it.
/// </summary>
public static class CompressionEncoders
{
    private static readonly CompressionEncoder[] All = [new ZstdEncoder(), new XzEncoder(), new GzipEncoder(), new Lz4LegacyEncoder(), new Bzip2Encoder(), new LzmaEncoder()];

    public static IEnumerable<string> Names => All.Select(e => e.Name);

    public static CompressionEncoder? ForName(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? (name is "lz4-legacy" ? All.First(e => e.Method == CompressionMethod.Lz4) : null);

    public static CompressionEncoder For(CompressionMethod method) =>
        All.FirstOrDefault(e => e.Method == method)
        ?? throw new NotSupportedException($"{method.ToString().ToLowerInvariant()} is read but not written (choose {string.Join(", ", Names)}, or none)");

    public static bool CanWrite(CompressionMethod method) => method == CompressionMethod.None || All.Any(e => e.Method == method);

    /// <summary>
    /// Opens a compressor for <paramref name="choice"/> on <paramref name="destination"/> (left open);
    /// for <see cref="CompressionMethod.None"/> returns a wrapper that writes through.
    /// </summary>
    public static Stream Open(Stream destination, CompressionChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        if (choice.Method == CompressionMethod.None)
            return new PassThroughStream(destination);
        CompressionEncoder encoder = For(choice.Method);
        return encoder.Open(destination, choice.Level ?? encoder.DefaultLevel);
    }
}
