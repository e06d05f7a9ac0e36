using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.ChangeSets;

namespace NicDoctor.Upgrade.State;

/// <summary>
/// <c>upgrade status</c>: every change set applied under a root, from its journal and plan copy:
/// its state, what changed when, and whether each backup still verifies.
/// </summary>
public static class UpgradeStatusReader
{
    public static IReadOnlyList<ChangeStatus> Read(string root)
    {
        string states = ChangeSetLayout.StatesRoot(root);
        if (!Directory.Exists(states))
            return [];
        var result = new List<ChangeStatus>();
        foreach (string dir in Directory.GetDirectories(states).Order(StringComparer.Ordinal))
        {
            string planPath = Path.Join(dir, ChangeSetLayout.PlanCopy);
            if (!File.Exists(planPath))
                continue;
            ChangeSetPlan plan = ChangeSet.ReadPlan(planPath);
            IReadOnlyList<JournalEntry> journal = ChangeJournal.Read(Path.Join(dir, ChangeSetLayout.JournalFile));
            result.Add(Describe(plan, journal, root, dir));
        }
        return result;
    }

    private static ChangeStatus Describe(ChangeSetPlan plan, IReadOnlyList<JournalEntry> journal, string root, string dir)
    {
        string state = StateOf(journal);
        var backups = journal.Where(e => e.Event == JournalEvents.BackedUp && e.Path is not null && e.Sha256 is not null)
            .Select(e =>
            {
                string path = ChangeSetApplier.BackupPath(plan, root, dir, e.Path!);
                string? sha = FileDigest.Sha256OrNull(path);
                return new BackupStatus(path, e.Path!, e.Sha256!, sha is not null, sha == e.Sha256);
            }).ToList();
        backups.AddRange(journal.Where(e => e.Event == JournalEvents.BootBackedUp && e.Path is not null && e.Sha256 is not null)
            .Select(e =>
            {
                string path = Entries.BootLoaderEntries.BackupOf(dir, e.Path!);
                string? sha = FileDigest.Sha256OrNull(path);
                return new BackupStatus(path, e.Path!, e.Sha256!, sha is not null, sha == e.Sha256);
            }));
        var changed = journal.Where(e => e.Event == JournalEvents.Wrote && e.Path is not null)
            .Select(e => new ChangedFile(e.Path!, e.Sha256 ?? "-", e.Time)).ToList();
        var steps = journal.Where(e => e.Event == JournalEvents.StepDone && e.Path is not null).Select(e => e.Path!).ToList();
        return new ChangeStatus(plan.Id, plan.KernelRelease, plan.Module.Name, plan.Module.Srcversion, state,
            journal.FirstOrDefault()?.Time, journal.LastOrDefault()?.Time, steps, changed, backups, dir);
    }

    /// <summary>The state the last events say the change set is in.</summary>
    public static string StateOf(IReadOnlyList<JournalEntry> journal)
    {
        int rollbackBegin = LastIndex(journal, JournalEvents.RollbackBegin);
        int rolledBack = LastIndex(journal, JournalEvents.RolledBack);
        if (rollbackBegin >= 0)
            return rolledBack > rollbackBegin ? ChangeStates.RolledBack : ChangeStates.RollbackInterrupted;
        if (LastIndex(journal, JournalEvents.Committed) >= 0)
        {
            if (ConfirmUnfinished(journal))
                return ChangeStates.ConfirmInterrupted;
            return LastIndex(journal, JournalEvents.TrialArmed) >= 0 && LastIndex(journal, JournalEvents.Confirmed) < 0 ? ChangeStates.TrialPending : ChangeStates.Applied;
        }
        return LastIndex(journal, JournalEvents.Failed) >= 0 ? ChangeStates.Failed : ChangeStates.Interrupted;
    }

    /// <summary>
    /// Whether every write the journal's owner made is recorded: apply committed and no confirm left
    /// half-way. Rollback leaves files it does not recognise alone only when this holds.
    /// </summary>
    public static bool Finished(IReadOnlyList<JournalEntry> journal) =>
        LastIndex(journal, JournalEvents.Committed) >= 0 && !ConfirmUnfinished(journal);

    private static bool ConfirmUnfinished(IReadOnlyList<JournalEntry> journal) =>
        LastIndex(journal, JournalEvents.ConfirmBegin) > LastIndex(journal, JournalEvents.Confirmed);

    private static int LastIndex(IReadOnlyList<JournalEntry> journal, string name)
    {
        for (int i = journal.Count - 1; i >= 0; i--)
        {
            if (journal[i].Event == name)
                return i;
        }
        return -1;
    }
}
