namespace NicDoctor.Upgrade.ChangeSets;

/// <summary>The steps of apply, in order; the journal and the fault-injection hook use these names.</summary>
public enum ApplyStep
{
    VerifyPreconditions,
    Backup,
    InstallModule,
    Depmod,
    VerifyResolution,
    BootImage,
    BootEntry,
    Commit,
}

public static class ApplySteps
{
    /// <summary>The kebab-case name used in plan.json, the journal and the scripts.</summary>
    public static string Name(ApplyStep step) => step switch
    {
        ApplyStep.VerifyPreconditions => "verify-preconditions",
        ApplyStep.Backup => "backup",
        ApplyStep.InstallModule => "install-module",
        ApplyStep.Depmod => "depmod",
        ApplyStep.VerifyResolution => "verify-resolution",
        ApplyStep.BootImage => "boot-image",
        ApplyStep.BootEntry => "boot-entry",
        ApplyStep.Commit => "commit",
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };
}
