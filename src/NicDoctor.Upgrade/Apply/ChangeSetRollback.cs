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
        var journal = new ChangeJournal(stateDir, options.BeforeJournalRecord);
        IReadOnlyList<JournalEntry> entries = journal.Read();
        if (entries.Count == 0)
            return new RollbackResult(false, [], [], [], false);

        journal.Append(JournalEvents.RollbackBegin);
        // Read before rollback-begin is appended. An unfinished apply or confirm may have written
        // files it had not recorded yet: everything is restored from the backups then.
        bool committed = UpgradeStatusReader.Finished(entries);
        var ours = entries.Where(e => e.Event == JournalEvents.Wrote && e.Path is not null).Select(e => (e.Path!, e.Sha256)).ToHashSet();
        var backedUp = entries.Where(e => e.Event == JournalEvents.BackedUp && e.Path is not null).Select(e => e.Path!).ToHashSet();
        var restored = new List<string>();
        var removed = new List<string>();
        var leftAlone = new List<string>();
        bool needDepmod = false;

        UndoBootFiles(entries, root, stateDir, committed, journal, restored, removed, leftAlone);

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
            // --trial-boot's image waits beside the current one until confirm; it is ours when the journal
            // says so, or when apply did not finish (apply refuses to start when the file exists).
            string trial = TrialImagePath(plan);
            string trialFull = Path.Join(root, trial);
            SafeFile.DeleteTemp(trialFull);
            if (FileDigest.Sha256OrNull(trialFull) is { } trialSha)
            {
                if (ours.Contains((trial, trialSha)) || !committed)
                {
                    SafeFile.Delete(trialFull);
                    removed.Add(trial);
                    journal.Append(JournalEvents.Removed, trial, trialSha);
                }
                else
                {
                    leftAlone.Add(trial);
                    journal.Append(JournalEvents.LeftAlone, trial, trialSha);
                }
            }
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

    /// <summary>Where --trial-boot puts the new image until `upgrade confirm`: beside the current one.</summary>
    public static string TrialImagePath(ChangeSetPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return $"{plan.BootImage!.Path}.nicdoctor-{plan.Id}-trial";
    }

    /// <summary>
    /// The boot entries' files back to what they were: each file the journal says an entry touched
    /// (boot-backed-up, first line per file = the original) is restored from its backup or removed,
    /// when it is still what the entry left (the last boot-entry/removed line) or apply did not finish.
    /// grubenv after a trial boot is the exception: GRUB itself cleared next_entry, nothing to undo.
    /// </summary>
    private static void UndoBootFiles(IReadOnlyList<JournalEntry> entries, string root, string stateDir, bool committed, ChangeJournal journal,
        List<string> restored, List<string> removed, List<string> leftAlone)
    {
        var originals = new List<(string Path, string? Sha)>();
        foreach (JournalEntry e in entries.Where(e => e.Event == JournalEvents.BootBackedUp && e.Path is not null))
        {
            if (!originals.Any(o => o.Path == e.Path))
                originals.Add((e.Path!, e.Sha256));
        }
        // Newest first: a grub.cfg regenerated after a script was written goes back before the script goes.
        foreach ((string path, string? original) in Enumerable.Reverse(originals))
        {
            string full = Path.Join(root, path);
            string? current = FileDigest.Sha256OrNull(full);
            if (current == original)
                continue;
            JournalEntry? last = entries.LastOrDefault(e => e.Path == path && e.Event is JournalEvents.BootEntry or JournalEvents.Removed);
            string? leftByUs = last?.Event == JournalEvents.BootEntry ? last.Sha256 : null;
            if (last is not null && current != leftByUs && (committed || path.EndsWith("grubenv", StringComparison.Ordinal)))
            {
                if (path.EndsWith("grubenv", StringComparison.Ordinal))
                    continue; // GRUB rewrote it at the trial boot (next_entry consumed): nothing of ours is left in it
                leftAlone.Add(path);
                journal.Append(JournalEvents.LeftAlone, path, current);
                continue;
            }
            if (original is null)
            {
                SafeFile.Delete(full);
                removed.Add(path);
                journal.Append(JournalEvents.Removed, path, current);
                continue;
            }
            string backup = Entries.BootLoaderEntries.BackupOf(stateDir, path);
            if (FileDigest.Sha256OrNull(backup) != original)
                throw new IOException($"{backup}: backup of {full} missing or not sha256 {original}; {full} is left as it is");
            SafeFile.CopyOver(backup, full, original);
            restored.Add(path);
            journal.Append(JournalEvents.Restored, path, original);
        }
    }
}
