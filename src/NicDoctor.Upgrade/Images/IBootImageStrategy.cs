namespace NicDoctor.Upgrade.Images;

/// <summary>
/// Makes the new boot image into a new file (never over the current one): "rebuild" runs the
/// host's own generator, "inject" repacks the current image with only the driver replaced.
/// </summary>
public interface IBootImageStrategy
{
    /// <summary>"rebuild" or "inject", as written in plan.json.</summary>
    string Name { get; }

    /// <summary>Null when the strategy can run here; otherwise why not (shown as a failed plan check).</summary>
    string? Unavailable(string root);

    /// <summary>Writes <see cref="BootImageBuildRequest.NewImage"/>; throws when the generator fails.</summary>
    void Build(BootImageBuildRequest request);
}

/// <summary>Paths are absolute (already under the root).</summary>
public sealed record BootImageBuildRequest(
    string Root,
    string KernelRelease,
    string CurrentImage,
    string NewImage,
    string ModuleName,
    string InstalledModule,
    IReadOnlyList<string> Generator);
