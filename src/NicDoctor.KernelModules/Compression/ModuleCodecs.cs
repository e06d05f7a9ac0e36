namespace NicDoctor.KernelModules.Compression;

/// <summary>The codec table: format is chosen by magic bytes, never by file name (as kmod does).</summary>
internal static class ModuleCodecs
{
    private static readonly IModuleCodec[] All = [new ZstdCodec(), new XzCodec(), new GzipCodec()];

    /// <summary>Longest magic in the table: how many bytes to sniff.</summary>
    public const int MagicLength = 6;

    public static IModuleCodec? ForMagic(ReadOnlySpan<byte> head)
    {
        foreach (IModuleCodec codec in All)
        {
            if (head.StartsWith(codec.Magic))
                return codec;
        }
        return null;
    }

    public static IModuleCodec For(ModuleCompression kind) =>
        All.FirstOrDefault(c => c.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "no codec for this compression");
}
