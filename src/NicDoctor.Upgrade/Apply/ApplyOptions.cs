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

    public IFallbackBootEntry BootEntries { get; init; } = new BootLoaderEntries();

    /// <summary>
    /// Put the new image beside the current one, add a trial entry for it and arm a one-shot boot
    /// (grubenv next_entry); `upgrade confirm` makes it the default after a good boot.
    /// </summary>
    public bool TrialBoot { get; init; }

    /// <summary>confirm: skip the /proc/cmdline check that this boot is the trial one.</summary>
    public bool Force { get; init; }

    public Func<string, IBootImageStrategy> Strategies { get; init; } = BootImageStrategies.For;

    /// <summary>
    /// Called after each step completes. Fault injection: an <see cref="OperationCanceledException"/>
    /// thrown here stands for a kill (no clean-up runs); any other exception is a failure that
    /// apply rolls back.
    /// </summary>
    public Action<ApplyStep>? AfterStep { get; init; }

    /// <summary>
    /// Called before each journal record apply, rollback or confirm writes, with its number in that
    /// run (1, 2, …). Fault injection: an <see cref="OperationCanceledException"/> thrown here is a
    /// kill just after the operation the record describes, before it is recorded.
    /// </summary>
    public Action<int>? BeforeJournalRecord { get; init; }
}
