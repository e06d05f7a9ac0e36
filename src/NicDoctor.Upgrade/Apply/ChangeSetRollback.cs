using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.State;

namespace NicDoctor.Upgrade.Apply;

/// <summary>
/// <c>upgrade rollback</c>: every replaced file back byte-identical from its verified backup,
/// every added file removed, the boot entry removed. Works after a committed apply and after an
/// interrupted one (a kill between steps), and is safe to run twice.
/// </summary>
public static class ChangeSetRollback
{
    public static RollbackResult Rollback(ChangeSetPlan plan, ApplyOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        string root = options.Root;
        string stateDir = ChangeSetLayout.StateDirectory(root, plan.Id);
        var journal = new ChangeJournal(stateDir);
        IReadOnlyList<JournalEntry> entries = journal.Read();
        if (entries.Count == 0)
            return new RollbackResult(false, [], [], [], false);

        journal.Append(JournalEvents.RollbackBegin);
        bool committed = entries.Any(e => e.Event == JournalEvents.Committed);
        var ours = entries.Where(e => e.Event == JournalEvents.Wrote && e.Path is not null).Select(e => (e.Path!, e.Sha256)).ToHashSet();
        var backedUp = entries.Where(e => e.Event == JournalEvents.BackedUp && e.Path is not null).Select(e => e.Path!).ToHashSet();
        var restored = new List<string>();
        var removed = new List<string>();
        var leftAlone = new List<string>();
        bool needDepmod = false;

        foreach (JournalEntry entry in entries.Where(e => e.Event == JournalEvents.BootEntry && e.Path is not null))
            options.BootEntries.Remove(root, entry.Path!);

        // Replaced files first: the image backup is also the source of the image's restore.
        foreach (FilePrecondition p in plan.Preconditions.Where(p => p.Sha256 is not null))
        {
            string full = Path.Join(root, p.Path);
            SafeFile.DeleteTemp(full);
            string? current = FileDigest.Sha256OrNull(full);
            if (current == p.Sha256)
                continue;
            // After a committed apply, a file neither original nor ours was changed by someone else.
            if (committed && !ours.Contains((p.Path, current)))
            {
                if (plan.IndexFiles.Contains(p.Path))
                    needDepmod = true;
                else
                    leftAlone.Add(p.Path);
                journal.Append(JournalEvents.LeftAlone, p.Path, current);
                continue;
            }
            string backup = ChangeSetApplier.BackupPath(plan, root, stateDir, p.Path);
            if (!backedUp.Contains(p.Path) || FileDigest.Sha256OrNull(backup) != p.Sha256)
                throw new IOException($"{backup}: backup of {full} missing or not sha256 {p.Sha256}; {full} is left as it is");
            SafeFile.CopyOver(backup, full, p.Sha256!);
            restored.Add(p.Path);
            journal.Append(JournalEvents.Restored, p.Path, p.Sha256);
        }

        // Added files (the module, the image backup) go.
        foreach (FilePrecondition p in plan.Preconditions.Where(p => p.Sha256 is null))
        {
            string full = Path.Join(root, p.Path);
            SafeFile.DeleteTemp(full);
            if (!File.Exists(full))
                continue;
            string current = FileDigest.Sha256(full);
            bool isImageBackup = plan.BootImage?.BackupPath == p.Path;
            if (committed && !isImageBackup && !ours.Contains((p.Path, current)))
            {
                leftAlone.Add(p.Path);
                journal.Append(JournalEvents.LeftAlone, p.Path, current);
                continue;
            }
            if (isImageBackup && leftAlone.Contains(plan.BootImage!.Path))
                continue; // the image was not restored: keep its backup
            SafeFile.Delete(full);
            removed.Add(p.Path);
            journal.Append(JournalEvents.Removed, p.Path, current);
        }
        if (plan.BootImage is { } image)
        {
            string fresh = Path.Join(root, Path.GetDirectoryName(image.Path), $".{Path.GetFileName(image.Path)}.nicdoctor-new");
            if (File.Exists(fresh))
                File.Delete(fresh);
        }

        // Indexes someone else regenerated since apply are not ours to restore: regenerate them.
        if (needDepmod)
            Depmod.Run(root, plan.KernelRelease);
        journal.Append(JournalEvents.RolledBack);
        return new RollbackResult(true, restored, removed, leftAlone, needDepmod);
    }
}
