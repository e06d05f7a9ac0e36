using NicDoctor.Upgrade.Boot;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.Entries;
using NicDoctor.Upgrade.State;

namespace NicDoctor.Upgrade.Apply;

/// <summary>
/// <c>upgrade confirm</c>, after a good trial boot (<c>apply --trial-boot</c>): the trial image is
/// renamed over the current one, the trial entry goes, the fallback entry to the backup is added.
/// On the live root it first checks that this boot is the trial boot (its marker in /proc/cmdline).
/// </summary>
public static class ChangeSetConfirm
{
    public static ApplyResult Confirm(ChangeSetPlan plan, ApplyOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        string root = options.Root;
        string stateDir = ChangeSetLayout.StateDirectory(root, plan.Id);
        var journal = new ChangeJournal(stateDir, options.BeforeJournalRecord);
        IReadOnlyList<JournalEntry> entries = journal.Read();
        string state = UpgradeStatusReader.StateOf(entries);
        if (state == ChangeStates.ConfirmInterrupted)
            throw new UpgradeRefusedException("confirm", $"change set {plan.Id}: an earlier confirm was interrupted under {root}; roll it back (`nicdoctor upgrade rollback`), then plan again");
        if (state != ChangeStates.TrialPending)
            throw new UpgradeRefusedException("confirm", $"change set {plan.Id} is {(state == ChangeStates.Applied && entries.Any(e => e.Event == JournalEvents.Confirmed) ? "already confirmed" : state)} under {root}: only a change set applied with --trial-boot is confirmed");
        BootImagePlan image = plan.BootImage!;
        string marker = TrialBoot.Marker(plan.Id);
        if (Path.GetFullPath(root) == "/" && !options.Force)
        {
            string cmdline = File.ReadAllText("/proc/cmdline");
            if (!cmdline.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(marker))
                throw new UpgradeRefusedException("confirm", $"/proc/cmdline has no {marker}: this boot is not the trial boot (it failed and the default booted, or it has not happened yet); reboot into the trial, or roll back");
        }
        string trial = ChangeSetRollback.TrialImagePath(plan);
        string trialFull = Path.Join(root, trial);
        string? trialSha = FileDigest.Sha256OrNull(trialFull);
        string? written = entries.LastOrDefault(e => e.Event == JournalEvents.Wrote && e.Path == trial)?.Sha256;
        if (trialSha is null || trialSha != written)
            throw new UpgradeRefusedException("confirm", $"{trialFull} is {(trialSha is null ? "missing" : $"sha256 {trialSha}")}, apply wrote {written}: not the image that was tried");
        string current = Path.Join(root, image.Path);
        if (FileDigest.Sha256OrNull(current) != image.Sha256)
            throw new UpgradeRefusedException("confirm", $"{current} changed since apply (not sha256 {image.Sha256}): someone rebuilt it; roll back and plan again");

        // Confirm records each write after making it; a kill before it is recorded would look like
        // someone else's change. Until `confirmed`, rollback therefore restores from the backups
        // whatever it finds, so no one else's change may be in the boot files confirm rewrites.
        foreach (IGrouping<string, JournalEntry> file in entries.Where(e => e.Path is not null && e.Event is JournalEvents.BootEntry or JournalEvents.Removed).GroupBy(e => e.Path!))
        {
            if (file.Key.EndsWith("grubenv", StringComparison.Ordinal))
                continue; // GRUB rewrote it at the trial boot (next_entry consumed)
            JournalEntry last = file.Last();
            string? left = last.Event == JournalEvents.BootEntry ? last.Sha256 : null;
            string full = Path.Join(root, file.Key);
            if (FileDigest.Sha256OrNull(full) != left)
                throw new UpgradeRefusedException("confirm", $"{full} changed since apply (not {(left is null ? "absent" : $"sha256 {left}")}): the boot configuration was rewritten; check it, then roll back and plan again");
        }
        journal.Append(JournalEvents.ConfirmBegin, image.Path, trialSha);

        var notes = new List<string>();
        SafeFile.MoveOver(trialFull, current);
        journal.Append(JournalEvents.Wrote, image.Path, trialSha);
        options.BootEntries.Remove(new BootEntryRequest(root, stateDir, plan.KernelRelease, trial, "trial"), journal);
        ChangeSetApplier.AddFallbackEntry(plan, root, stateDir, journal, options, notes);
        journal.Append(JournalEvents.Confirmed, image.Path, trialSha);
        return new ApplyResult(plan.Id, stateDir, ["confirm"], [new WrittenFile(image.Path, trialSha, Path.Join(root, image.BackupPath))], notes);
    }
}
