namespace NicDoctor.Upgrade.Planning;

/// <summary>What <c>upgrade plan</c> was asked for.</summary>
public sealed record PlanRequest
{
    /// <summary>The new module (.ko, .ko.xz, .ko.zst, .ko.gz).</summary>
    public required string ModulePath { get; init; }

    /// <summary>The change set directory to create (must not exist or be empty).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The target system's root: "/" or a sandbox tree.</summary>
    public string Root { get; init; } = "/";

    /// <summary>
    /// An evidence bundle (directory or tarball from nicdoctor-collect.sh) to plan against instead of
    /// <see cref="Root"/>: the checks it cannot make are left to apply on the host.
    /// </summary>
    public string? Bundle { get; init; }

    /// <summary>Target kernel release; default: the running kernel for root "/", the only one under ROOT/lib/modules otherwise.</summary>
    public string? KernelRelease { get; init; }

    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>Ship the module without debug information (nicdoctor module strip).</summary>
    public bool StripDebug { get; init; }

    /// <summary>"rebuild" (default) or "inject".</summary>
    public string ImageStrategy { get; init; } = "rebuild";

    /// <summary>Generator argv with {new} {kver} {root} {current} {module}; default: the host's dracut or mkinitramfs.</summary>
    public IReadOnlyList<string>? ImageGenerator { get; init; }

    /// <summary>Treat the target as enforcing module signatures even when nothing under ROOT says so.</summary>
    public bool EnforceSignatures { get; init; }

    /// <summary>Fixed creation time (tests); default now.</summary>
    public DateTimeOffset? Now { get; init; }
}
