namespace NicDoctor.Upgrade.Entries;

/// <summary>
/// Adds and removes the boot entry that boots the backed-up image (the way back when the new
/// image does not boot). The entry writer belongs to src/NicDoctor.Upgrade/Boot.
/// </summary>
public interface IFallbackBootEntry
{
    /// <summary>Adds the entry; returns what to record in the journal to remove it later, or null with <paramref name="skipped"/> set.</summary>
    string? Add(string root, string kernelRelease, string backupImage, out string? skipped);

    void Remove(string root, string recorded);
}

/// <summary>Until the entry writer is wired: records that no entry was added, and why.</summary>
public sealed class PendingFallbackBootEntry : IFallbackBootEntry
{
    public string? Add(string root, string kernelRelease, string backupImage, out string? skipped)
    {
        skipped = "fallback boot entry not available in this build (src/NicDoctor.Upgrade/Boot not wired); the backup image is kept at " + backupImage;
        return null;
    }

    public void Remove(string root, string recorded)
    {
    }
}
