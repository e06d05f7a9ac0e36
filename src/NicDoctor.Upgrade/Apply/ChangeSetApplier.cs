using NicDoctor.KernelModules;
using NicDoctor.Upgrade.Boot;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.Entries;
using NicDoctor.Upgrade.Images;
using NicDoctor.Upgrade.State;

namespace NicDoctor.Upgrade.Apply;

/// <summary>
/// <c>upgrade apply</c>, natively: the plan's steps in order, each file change atomic and
/// journalled. A failed check or error rolls back what was done; a kill leaves every file whole
/// (old or new) and a journal from which <see cref="ChangeSetRollback"/> restores the old state.
/// </summary>
public static class ChangeSetApplier
{
    public static ApplyResult Apply(ChangeSet changeSet, ApplyOptions options)
    {
        ArgumentNullException.ThrowIfNull(changeSet);
        ArgumentNullException.ThrowIfNull(options);
        ChangeSetPlan plan = changeSet.Plan;
        string root = options.Root;
        string stateDir = ChangeSetLayout.StateDirectory(root, plan.Id);
        var steps = new List<string>();
        var written = new List<WrittenFile>();
        var notes = new List<string>();

        // 1. Preconditions: nothing is touched, not even the state directory, before they hold.
        if (File.Exists(Path.Join(stateDir, ChangeSetLayout.JournalFile)))
            throw new UpgradeRefusedException("verify-preconditions", $"{stateDir} exists: change set {plan.Id} was applied here before (see `nicdoctor upgrade status`); roll it back or make a new plan");
        VerifyPreconditions(plan, root);
        if (options.TrialBoot)
            VerifyTrialBoot(plan, root);
        Directory.CreateDirectory(Path.Join(stateDir, ChangeSetLayout.BackupDirectory));
        File.Copy(Path.Join(changeSet.Directory, ChangeSetLayout.PlanFile), Path.Join(stateDir, ChangeSetLayout.PlanCopy), overwrite: true);
        var journal = new ChangeJournal(stateDir, options.BeforeJournalRecord);
        journal.Append(JournalEvents.Begin, changeSet.Directory, plan.Module.Sha256);
        Done(ApplyStep.VerifyPreconditions);

        try
        {
            // 2. Back up every file that will be replaced; re-read each copy to verify it.
            foreach (FilePrecondition p in plan.Preconditions.Where(p => p.Sha256 is not null))
            {
                string backup = BackupPath(plan, root, stateDir, p.Path);
                SafeFile.CopyOver(Path.Join(root, p.Path), backup, p.Sha256!);
                journal.Append(JournalEvents.BackedUp, p.Path, p.Sha256);
            }
            Done(ApplyStep.Backup);

            // 3. The module goes to updates/, beside (never over) the in-box file.
            string install = Path.Join(root, plan.InstallPath);
            SafeFile.CopyOver(changeSet.ArtifactPath(plan.Module.Artifact), install, plan.Module.Sha256);
            Wrote(plan.InstallPath, plan.Module.Sha256, plan.Preconditions.First(p => p.Path == plan.InstallPath).Sha256 is null ? null : "backup");
            Done(ApplyStep.InstallModule);

            // 4. depmod writes each index to a temporary file and renames it.
            Depmod.Run(root, plan.KernelRelease);
            foreach (string index in plan.IndexFiles.Where(f => File.Exists(Path.Join(root, f))))
                Wrote(index, FileDigest.Sha256(Path.Join(root, index)), "backup");
            Done(ApplyStep.Depmod);

            // 5. modprobe must now pick the new file.
            VerifyResolution(plan, root);
            Done(ApplyStep.VerifyResolution);

            if (plan.BootImage is { } image)
            {
                // 6. New image into a new file, host-fit check, then one rename over the current image.
                string current = Path.Join(root, image.Path);
                string fresh = Path.Join(Path.GetDirectoryName(current), $".{Path.GetFileName(current)}.nicdoctor-new");
                File.Delete(fresh);
                IBootImageStrategy strategy = options.Strategies(image.Strategy);
                strategy.Build(new BootImageBuildRequest(root, plan.KernelRelease, current, fresh, plan.Module.Name, install, image.Generator));
                HostFitOutcome fit = options.HostFit.Check(new HostFitInput(root, plan.KernelRelease, fresh, current, plan.Module.Name, plan.Module.Srcversion));
                if (!fit.Fits)
                {
                    File.Delete(fresh);
                    throw new UpgradeRefusedException("host-fit", $"the new image does not fit this host: {string.Join("; ", fit.Findings)}");
                }
                notes.AddRange(fit.Findings.Select(f => $"host-fit: {f}"));
                string sha = FileDigest.Sha256(fresh);
                if (options.TrialBoot)
                {
                    // The new image waits beside the current one, which the default entry keeps booting.
                    string trial = ChangeSetRollback.TrialImagePath(plan);
                    SafeFile.MoveOver(fresh, Path.Join(root, trial));
                    Wrote(trial, sha, null);
                    Done(ApplyStep.BootImage);
                    ArmTrial(plan, root, stateDir, journal, options, notes);
                    Done(ApplyStep.BootEntry);
                }
                else
                {
                    SafeFile.MoveOver(fresh, current);
                    Wrote(image.Path, sha, image.BackupPath);
                    Done(ApplyStep.BootImage);

                    // 7. A boot entry for the backed-up image.
                    AddFallbackEntry(plan, root, stateDir, journal, options, notes);
                    Done(ApplyStep.BootEntry);
                }
            }

            journal.Append(JournalEvents.Committed);
            Done(ApplyStep.Commit);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            journal.Append(JournalEvents.Failed, ex.Message.ReplaceLineEndings(" ").Replace('\t', ' '));
            RollbackResult undone = ChangeSetRollback.Rollback(plan, options);
            string outcome = undone.LeftAlone.Count == 0 ? "everything apply changed was rolled back" : $"rolled back except {string.Join(", ", undone.LeftAlone)}";
            if (ex is UpgradeRefusedException refused)
                throw new UpgradeRefusedException(refused.Check, $"{refused.Reason}; {outcome}");
            throw new UpgradeRefusedException(ApplySteps.Name(CurrentStep(steps, plan)), $"{ex.Message}; {outcome}");
        }
        return new ApplyResult(plan.Id, stateDir, steps, written, notes);

        void Done(ApplyStep step)
        {
            steps.Add(ApplySteps.Name(step));
            if (step != ApplyStep.Commit)
                journal?.Append(JournalEvents.StepDone, ApplySteps.Name(step));
            options.AfterStep?.Invoke(step);
        }

        void Wrote(string path, string sha, string? backup)
        {
            written.Add(new WrittenFile(path, sha, backup is null ? null : BackupPath(plan, root, stateDir, path)));
            journal.Append(JournalEvents.Wrote, path, sha);
        }
    }

    /// <summary>The entry that boots the backup image; journals boot-entry-skipped (and says why) when the root has none to add to.</summary>
    internal static void AddFallbackEntry(ChangeSetPlan plan, string root, string stateDir, ChangeJournal journal, ApplyOptions options, List<string> notes)
    {
        BootImagePlan image = plan.BootImage!;
        BootEntryAdded? added = options.BootEntries.Add(new BootEntryRequest(root, stateDir, plan.KernelRelease, image.BackupPath, "fallback"), journal, out string? skipped);
        if (added is null)
        {
            journal.Append(JournalEvents.BootEntrySkipped, skipped);
            notes.Add(skipped ?? "no fallback boot entry");
            return;
        }
        notes.Add($"fallback boot entry '{added.Title}' ({added.Strategy}) boots the backup /{image.BackupPath}");
        notes.AddRange(added.Notes.Select(n => $"boot-entry: {n}"));
    }

    private static void ArmTrial(ChangeSetPlan plan, string root, string stateDir, ChangeJournal journal, ApplyOptions options, List<string> notes)
    {
        string trial = ChangeSetRollback.TrialImagePath(plan);
        BootEntryAdded? added = options.BootEntries.Add(new BootEntryRequest(root, stateDir, plan.KernelRelease, trial, "trial")
        {
            AppendOptions = TrialBoot.Options(plan.Id),
        }, journal, out string? skipped);
        if (added is null)
            throw new UpgradeRefusedException("trial-boot", skipped ?? "no trial entry could be added");
        var host = new HostRoot(root);
        BootConfiguration config = BootConfigReader.Read(root, hashFiles: false);
        string env = Path.GetRelativePath(host.Root, host.Resolve(config.GrubEnvFile!)).Replace('\\', '/');
        string? before = FileDigest.Sha256OrNull(Path.Join(root, env));
        if (!journal.Read().Any(e => e.Event == JournalEvents.BootBackedUp && e.Path == env))
        {
            if (before is not null)
                SafeFile.CopyOver(Path.Join(root, env), BootLoaderEntries.BackupOf(stateDir, env), before);
            journal.Append(JournalEvents.BootBackedUp, env, before);
        }
        TrialBoot.Arm(config, host, added.GrubName);
        journal.Append(JournalEvents.BootEntry, env, FileDigest.Sha256(Path.Join(root, env)));
        journal.Append(JournalEvents.TrialArmed, added.GrubName);
        notes.Add($"trial entry '{added.Title}' ({added.Strategy}) boots /{trial}; next_entry={added.GrubName} in /{env}: the next boot, once, is the trial");
        notes.AddRange(added.Notes.Select(n => $"boot-entry: {n}"));
        notes.Add($"the default entry still boots /{plan.BootImage!.Path} (the current, known-good image): a trial boot that fails reboots (panic=30) or is reset into it");
        notes.Add($"after a good trial boot: nicdoctor upgrade confirm CHANGESET (checks /proc/cmdline for {TrialBoot.Marker(plan.Id)}, then makes the new image the default and adds the fallback entry)");
    }

    private static void VerifyTrialBoot(ChangeSetPlan plan, string root)
    {
        if (plan.BootImage is null)
            throw new UpgradeRefusedException("trial-boot", "the boot image does not carry the driver and stays as it is: there is no new image to boot once (the new driver loads from /lib/modules at the next boot)");
        string trial = Path.Join(root, ChangeSetRollback.TrialImagePath(plan));
        if (File.Exists(trial))
            throw new UpgradeRefusedException("trial-boot", $"{trial} exists: a trial of this change set is already here");
        BootConfiguration config = BootConfigReader.Read(root, hashFiles: false);
        if (TrialBoot.Unavailable(config, new HostRoot(root)) is { } why)
            throw new UpgradeRefusedException("trial-boot", why);
    }

    /// <summary>Where apply keeps the original of <paramref name="path"/>: the image beside itself (for the boot entry), the rest in the state directory.</summary>
    public static string BackupPath(ChangeSetPlan plan, string root, string stateDir, string path) =>
        plan.BootImage is { } image && image.Path == path
            ? Path.Join(root, image.BackupPath)
            : Path.Join(stateDir, ChangeSetLayout.BackupDirectory, path);

    public static void VerifyPreconditions(ChangeSetPlan plan, string root)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!Directory.Exists(Path.Join(root, "lib", "modules", plan.KernelRelease)))
            throw new UpgradeRefusedException("verify-preconditions", $"{Path.Join(root, "lib", "modules", plan.KernelRelease)}: kernel {plan.KernelRelease} is not installed here");
        foreach (FilePrecondition p in plan.Preconditions)
        {
            string full = Path.Join(root, p.Path);
            string? actual = FileDigest.Sha256OrNull(full);
            if (actual == p.Sha256)
                continue;
            throw new UpgradeRefusedException("verify-preconditions", p.Sha256 is null
                ? $"{full} exists but the plan expects it absent: this host is not the one the plan was made for (or the change set is already applied)"
                : actual is null
                    ? $"{full} is missing; the plan was made against sha256 {p.Sha256}"
                    : $"{full} has sha256 {actual}, the plan was made against {p.Sha256}: this is not the file the plan was checked with; make a new plan on this host");
        }
    }

    private static void VerifyResolution(ChangeSetPlan plan, string root)
    {
        var tree = ModuleDirectory.ForKernel(plan.KernelRelease, root);
        string expected = Path.GetFullPath(Path.Join(root, plan.InstallPath));
        string? resolved = tree.FindModule(plan.Module.Name);
        if (resolved is null || Path.GetFullPath(resolved) != expected)
            throw new UpgradeRefusedException("verify-resolution", $"modules.dep resolves {plan.Module.Name} to {resolved ?? "nothing"}, not {expected}");
        using ModuleFile module = ModuleFile.Open(resolved);
        if (module.GetModinfo("srcversion") != plan.Module.Srcversion)
            throw new UpgradeRefusedException("verify-resolution", $"{resolved} has srcversion {module.GetModinfo("srcversion")}, the plan's module {plan.Module.Srcversion}");
        if (Depmod.ShowDepends(root, plan.KernelRelease, plan.Module.Name) is { } depends
            && !depends.Contains(plan.InstallPath[plan.InstallPath.IndexOf("/updates/", StringComparison.Ordinal)..], StringComparison.Ordinal))
        {
            throw new UpgradeRefusedException("verify-resolution", $"modprobe --show-depends {plan.Module.Name} does not load {plan.InstallPath}: {depends.Trim()}");
        }
    }

    private static ApplyStep CurrentStep(List<string> done, ChangeSetPlan plan) =>
        Enum.GetValues<ApplyStep>().FirstOrDefault(s => !done.Contains(ApplySteps.Name(s)) && plan.Steps.Contains(ApplySteps.Name(s)), ApplyStep.Commit);
}
