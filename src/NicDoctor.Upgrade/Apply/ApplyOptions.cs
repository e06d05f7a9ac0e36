using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.Entries;
using NicDoctor.Upgrade.Images;

namespace NicDoctor.Upgrade.Apply;

/// <summary>How apply and rollback run: on which root, with which image and entry back-ends.</summary>
public sealed record ApplyOptions
{
    /// <summary>"/" or a sandbox tree.</summary>
    public string Root { get; init; } = "/";

    public IHostFitCheck HostFit { get; init; } = new ImageHostFitCheck();

    public IFallbackBootEntry BootEntries { get; init; } = new PendingFallbackBootEntry();

    public Func<string, IBootImageStrategy> Strategies { get; init; } = BootImageStrategies.For;

    /// <summary>
    /// Called after each step completes. Fault injection: an <see cref="OperationCanceledException"/>
    /// thrown here stands for a kill (no clean-up runs); any other exception is a failure that
    /// apply rolls back.
    /// </summary>
    public Action<ApplyStep>? AfterStep { get; init; }
}
