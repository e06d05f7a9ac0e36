namespace NicDoctor.Upgrade.ChangeSets;

/// <summary>
/// The contents of a change set's <c>plan.json</c>: what will change on which kernel, and the
/// sha256 of every file it replaces as it was when the plan was made. Paths are relative to the
/// target root ("lib/modules/KVER/...", "boot/initrd.img-KVER"), so the same plan applies to "/"
/// or to a sandbox tree.
/// </summary>
public sealed record ChangeSetPlan
{
    public const string CurrentFormat = "nicdoctor-changeset/1";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>Names the change set on the host (state directory, backup file names).</summary>
    public required string Id { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required string KernelRelease { get; init; }

    public required PlannedModule Module { get; init; }

    /// <summary>The module the kernel resolves today (usually the in-box one); never overwritten.</summary>
    public InstalledModule? Installed { get; init; }

    /// <summary>What <c>/sys/module/NAME</c> said when the plan was made; null when not loaded.</summary>
    public RunningModule? Running { get; init; }

    /// <summary>Where the new module goes: <c>lib/modules/KVER/updates/NAME.ko</c>.</summary>
    public required string InstallPath { get; init; }

    /// <summary>Every file apply may replace or create, with its sha256 then (null: must be absent).</summary>
    public required IReadOnlyList<FilePrecondition> Preconditions { get; init; }

    /// <summary>The depmod outputs (modules.dep, ...): backed up and restored byte-identical by rollback.</summary>
    public required IReadOnlyList<string> IndexFiles { get; init; }

    /// <summary>Null when the current boot image does not carry the driver and need not change.</summary>
    public BootImagePlan? BootImage { get; init; }

    /// <summary>Interfaces the driver serves, for <c>--reload</c>.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>The pre-flight checks, in order, all passed (a failed one stops the plan).</summary>
    public required IReadOnlyList<PlanCheck> Checks { get; init; }

    /// <summary>The apply steps in order; <see cref="ApplyStep"/> names.</summary>
    public required IReadOnlyList<string> Steps { get; init; }
}

/// <summary>The new module as shipped in <c>artifacts/</c>.</summary>
public sealed record PlannedModule(
    string Name,
    string Artifact,
    string Sha256,
    long Size,
    string? Version,
    string? Srcversion,
    string? Vermagic,
    bool Signed,
    bool DebugStripped,
    string Source);

/// <summary>The module the target resolves today; <see cref="Sha256"/> is null when a bundle did not capture the file.</summary>
public sealed record InstalledModule(string Path, string? Sha256, string? Version, string? Srcversion);

public sealed record RunningModule(string? Version, string? Srcversion);

/// <summary>A file as it must be before apply: <see cref="Sha256"/> null means "must not exist".</summary>
public sealed record FilePrecondition(string Path, string? Sha256);

/// <summary>One pre-flight check and its outcome.</summary>
public sealed record PlanCheck(string Name, bool Passed, string Detail);

/// <summary>
/// The boot image step: <see cref="Strategy"/> "rebuild" runs <see cref="Generator"/> (argv with
/// {new}, {kver}, {root}, {current} placeholders) into a new file; "inject" repacks the current
/// image. The result is host-fit checked, then renamed over <see cref="Path"/>; the old image stays
/// as <see cref="BackupPath"/> for the fallback boot entry.
/// </summary>
public sealed record BootImagePlan(
    string Path,
    string Sha256,
    string Strategy,
    IReadOnlyList<string> Generator,
    string BackupPath,
    bool ContainsModule);
