namespace NicDoctor.Upgrade.Images;

/// <summary>
/// Stands in until the host-fit checker (src/NicDoctor.Upgrade/HostFit) is wired: it never lets an
/// unchecked image replace the current one.
/// </summary>
public sealed class PendingHostFitCheck : IHostFitCheck
{
    public HostFitOutcome Check(HostFitInput input) =>
        new(false, ["host-fit check not available in this build (src/NicDoctor.Upgrade/HostFit not wired): the image is not replaced"]);
}
