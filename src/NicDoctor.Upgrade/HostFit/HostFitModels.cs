namespace NicDoctor.Upgrade.HostFit;

public enum HostFitSeverity
{
    Info,
    Warning,

    /// <summary>The image must not replace the current one: the host would not boot, or not with the new driver.</summary>
    Error,
}

/// <summary>
/// One result of the host-fit check, in plain words. Check is a short stable name: sha256,
/// kernel-release, root-fs-module, storage-driver, builtin, root-argument, lost-module, new-driver, host.
/// </summary>
public sealed record HostFitFinding(HostFitSeverity Severity, string Check, string Message);

/// <summary>The driver the image is expected to carry (the new one).</summary>
public sealed record ExpectedDriver(string Name, string? Version = null, string? SrcVersion = null);

/// <summary>What to check: a candidate image against a host.</summary>
public sealed record HostFitRequest(string ImagePath, HostProfile Host)
{
    /// <summary>The image being replaced: nothing in it may go missing.</summary>
    public string? CurrentImagePath { get; init; }

    /// <summary>The sha256 the plan was made against; a different image is refused outright.</summary>
    public string? ExpectedSha256 { get; init; }

    public ExpectedDriver? Driver { get; init; }
}

/// <summary>Whether the image fits, and why.</summary>
public sealed record HostFitReport(string ImagePath, string ImageSha256, bool Fits, IReadOnlyList<HostFitFinding> Findings);
