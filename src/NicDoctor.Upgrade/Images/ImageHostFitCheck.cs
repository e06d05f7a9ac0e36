using NicDoctor.Upgrade.HostFit;

namespace NicDoctor.Upgrade.Images;

/// <summary>
/// Apply's host-fit step: the host-fit checker (src/NicDoctor.Upgrade/HostFit) run on the new
/// image against this root's profile, the current image and the driver the plan installs.
/// </summary>
public sealed class ImageHostFitCheck : IHostFitCheck
{
    public HostFitOutcome Check(HostFitInput input)
    {
        var report = HostFitChecker.Check(new HostFitRequest(input.NewImage, HostProfile.Read(input.Root, input.KernelRelease))
        {
            CurrentImagePath = File.Exists(input.CurrentImage) ? input.CurrentImage : null,
            Driver = new ExpectedDriver(input.ModuleName, SrcVersion: input.ExpectedSrcversion),
        });
        return new HostFitOutcome(report.Fits,
            [.. report.Findings.Select(f => $"{f.Severity.ToString().ToLowerInvariant()} {f.Check}: {f.Message}")]);
    }
}
