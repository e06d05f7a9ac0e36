namespace NicDoctor.Upgrade.ChangeSets;

/// <summary>
/// A check failed (plan pre-flight, apply precondition, host-fit, resolution): nothing was
/// changed, or what was changed has been rolled back. The message says which check and why.
/// </summary>
public sealed class UpgradeRefusedException : IOException
{
    public UpgradeRefusedException(string check, string reason)
        : base($"{check}: {reason}")
    {
        Check = check;
        Reason = reason;
    }

    public string Check { get; }
    public string Reason { get; }
}
