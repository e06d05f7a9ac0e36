namespace NicDoctor.Upgrade.Images;

/// <summary>
/// Does a new boot image fit this host (kernel release, root filesystem and storage drivers,
/// cmdline, no module lost versus the current image, the new driver inside)? Apply replaces the
/// current image only when this says so.
/// </summary>
public interface IHostFitCheck
{
    HostFitOutcome Check(HostFitInput input);
}

/// <summary>Paths are absolute (already under the root).</summary>
public sealed record HostFitInput(string Root, string KernelRelease, string NewImage, string CurrentImage, string ModuleName, string? ExpectedSrcversion);

public sealed record HostFitOutcome(bool Fits, IReadOnlyList<string> Findings);
