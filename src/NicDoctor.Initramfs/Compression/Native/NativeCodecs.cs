using System.Runtime.InteropServices;

namespace NicDoctor.Initramfs.Compression.Native;

/// <summary>
/// Which native compression libraries are used. libzstd and liblzma decode faster than the
/// managed ports (docs/performance.md); when a library cannot be loaded, or
/// <c>NICDOCTOR_MANAGED_CODECS=1</c> is set, the managed decoder (ZstdSharp, SharpCompress,
/// <c>GZipStream</c>) is used.
/// </summary>
internal static class NativeCodecs
{
    /// <summary>Environment switch forcing the managed decoders (for measuring and for the tests' fallback runs).</summary>
    public const string ManagedSwitch = "NICDOCTOR_MANAGED_CODECS";

    private static readonly Lazy<bool> s_zstd = new(() => Probe(ZstdNative.Library, "ZSTD_decompressStream"));
    private static readonly Lazy<bool> s_zstdEncoder = new(() => Probe(ZstdNative.Library, "ZSTD_compressStream2"));
    private static readonly Lazy<bool> s_lzma = new(() => Probe(LzmaNative.Library, "lzma_stream_decoder"));
    private static readonly Lazy<bool> s_zlib = new(() => Probe(ZlibNative.Library, "inflate"));
    private static readonly Lazy<bool> s_zlibNg = new(ZlibNgNative.Probe);

    private static readonly bool s_managedByEnvironment = Environment.GetEnvironmentVariable(ManagedSwitch) == "1";
    private static readonly AsyncLocal<bool> s_managedInScope = new();

    private static bool ForceManaged => s_managedByEnvironment || s_managedInScope.Value;

    /// <summary>
    /// Test hook: decoders opened by this logical thread (async flow) until disposal are the
    /// managed ones, whatever is installed. Scoped so tests running in parallel are unaffected.
    /// </summary>
    internal static IDisposable ManagedOnly()
    {
        bool before = s_managedInScope.Value;
        s_managedInScope.Value = true;
        return new Scope(() => s_managedInScope.Value = before);
    }

    private sealed class Scope(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    public static bool Zstd => !ForceManaged && s_zstd.Value;

    /// <summary>libzstd's multi-threaded encoder (uses every core; ZstdSharp's workers reach about 1.1 cores).</summary>
    public static bool ZstdEncoder => !ForceManaged && s_zstdEncoder.Value;

    public static bool Lzma => !ForceManaged && s_lzma.Value;

    public static bool Zlib => !ForceManaged && s_zlib.Value;

    public static bool ZlibNg => !ForceManaged && s_zlibNg.Value;

    private static bool Probe(string library, string export) =>
        NativeLibrary.TryLoad(library, out nint handle) && NativeLibrary.TryGetExport(handle, export, out _);
}
