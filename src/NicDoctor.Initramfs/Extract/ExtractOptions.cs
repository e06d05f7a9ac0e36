namespace NicDoctor.Initramfs.Extract;

/// <summary>What <see cref="InitramfsExtractor"/> restores and where.</summary>
public sealed class ExtractOptions
{
    /// <summary>The directory everything goes under; nothing is ever written outside it.</summary>
    public required string Destination { get; init; }

    /// <summary>Replace existing files (atomically: temp file, fsync, rename). Default false: refuse.</summary>
    public bool Force { get; init; }

    /// <summary>Restore owners and create device nodes (needs root). Default: when running as root.</summary>
    public bool RestoreOwnership { get; init; } = UnixNative.Geteuid() == 0;

    /// <summary>Only these parts (1-based); null for all.</summary>
    public IReadOnlySet<int>? Parts { get; init; }

    /// <summary>Shell globs on the stored name; empty for all.</summary>
    public IReadOnlyList<string> Patterns { get; init; } = [];
}
