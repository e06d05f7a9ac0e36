using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.Images;
using NicDoctor.Upgrade.Planning;

namespace NicDoctor.Upgrade.Tests;

/// <summary>Plans and options the tests share.</summary>
internal static class TestPlans
{
    public static readonly DateTimeOffset Fixed = new(2026, 11, 25, 14, 30, 0, TimeSpan.Zero);

    public static PlanRequest Request(SandboxRoot root, string output, string? module = null) => new()
    {
        ModulePath = module ?? SandboxRoot.RebuiltE1000e(),
        OutputDirectory = output,
        Root = root.Path,
        KernelRelease = SandboxRoot.Kernel,
        ImageGenerator = SandboxRoot.PrependGenerator,
        Interfaces = ["eth0"],
        Now = Fixed,
    };

    /// <summary>Plans the rebuilt e1000e into a change set beside the root; asserts it succeeded.</summary>
    public static ChangeSet Plan(SandboxRoot root)
    {
        string output = root.Path + ".changeset";
        PlanOutcome outcome = UpgradePlanner.Plan(Request(root, output));
        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Checks.Select(c => $"{c.Name}: {c.Detail}")));
        return ChangeSet.Load(output);
    }

    public static ApplyOptions Options(SandboxRoot root, Action<ApplyStep>? afterStep = null, IHostFitCheck? hostFit = null) => new()
    {
        Root = root.Path,
        HostFit = hostFit ?? new NewDriverInsideCheck(),
        AfterStep = afterStep,
    };

    public static void Cleanup(SandboxRoot root)
    {
        string output = root.Path + ".changeset";
        if (Directory.Exists(output))
            Directory.Delete(output, recursive: true);
    }
}

/// <summary>
/// Stands in for the host-fit checker in sandbox tests (the real one is src/NicDoctor.Upgrade/HostFit):
/// fits when the new image carries the module with the plan's srcversion and <see cref="Fits"/> allows.
/// Looser than the real check, which asks which copy the image's modules.dep names: it would refuse
/// <see cref="SandboxRoot.PrependGenerator"/>'s images, whose index still names the in-box file
/// (UpgradeCliTests shows both, with the real check, through the CLI).
/// </summary>
internal sealed class NewDriverInsideCheck(bool fits = true) : IHostFitCheck
{
    public bool Fits { get; } = fits;

    public HostFitOutcome Check(HostFitInput input)
    {
        var inside = ImageModules.Find(input.NewImage, input.KernelRelease, input.ModuleName);
        // updates/NAME.ko (rebuild) or the in-box path (inject): the plan's srcversion must be inside.
        bool carries = inside.Any(m => m.SrcVersion == input.ExpectedSrcversion);
        return new HostFitOutcome(Fits && carries, [carries ? $"carries {string.Join(", ", inside.Select(m => m.Path))}" : "new driver not inside", Fits ? "ok" : "refused by the test"]);
    }
}
