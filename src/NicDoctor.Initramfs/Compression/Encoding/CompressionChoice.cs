namespace NicDoctor.Initramfs.Compression.Encoding;

/// <summary>A codec and level to write with; <see cref="None"/> writes plain cpio.</summary>
public sealed record CompressionChoice(CompressionMethod Method, int? Level = null)
{
    public static CompressionChoice None { get; } = new(CompressionMethod.None);

    /// <summary>Parses <c>CODEC[:LEVEL]</c> (<c>zstd:19</c>, <c>xz</c>, <c>none</c>/<c>cat</c>); throws <see cref="FormatException"/> naming the choices.</summary>
    public static CompressionChoice Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(':', 2);
        string name = parts[0].Trim().ToLowerInvariant();
        if (name is "none" or "cat" or "cpio")
            return None;
        CompressionEncoder encoder = CompressionEncoders.ForName(name)
            ?? throw new FormatException($"'{parts[0]}': unknown or unsupported codec for writing (choose {string.Join(", ", CompressionEncoders.Names)}, or none)");
        if (parts.Length == 1)
            return new CompressionChoice(encoder.Method);
        if (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int level)
            || level < encoder.MinLevel || level > encoder.MaxLevel)
            throw new FormatException($"'{parts[1]}': {encoder.Name} levels are {encoder.MinLevel}..{encoder.MaxLevel}");
        return new CompressionChoice(encoder.Method, level);
    }

    public override string ToString() => Method == CompressionMethod.None ? "none"
        : Level is { } l ? $"{CompressionEncoders.For(Method).Name}:{l}" : CompressionEncoders.For(Method).Name;
}
