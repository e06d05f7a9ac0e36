using System.Text.Json;
using NicDoctor.Upgrade.Apply;
using NicDoctor.Upgrade.Boot;
using NicDoctor.Upgrade.ChangeSets;
using NicDoctor.Upgrade.State;

namespace NicDoctor.Upgrade.Entries;

/// <summary>
/// The boot entries of apply through the host's own mechanism (<see cref="FallbackPlanner"/>): a BLS
/// file on RHEL 8+, grubby where present, an /etc/grub.d script plus update-grub/grub2-mkconfig
/// elsewhere, a title block in GRUB legacy's grub.conf. The boot loader's tools run only on the live
/// root, or through an injected runner (tests); on a sandbox root without one, the files are written
/// and the commands reported.
/// </summary>
public sealed class BootLoaderEntries(ICommandRunner? runner = null) : IFallbackBootEntry
{
    public BootEntryAdded? Add(BootEntryRequest request, ChangeJournal journal, out string? skipped)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(journal);
        var host = new HostRoot(request.Root);
        BootConfiguration config = BootConfigReader.Read(request.Root, hashFiles: false);
        string kernel = $"/boot/vmlinuz-{request.KernelRelease}";
        FallbackPlan plan;
        try
        {
            if (config.Flavor == BootLoaderFlavor.None)
                throw new InvalidOperationException($"no boot loader configuration under {host.Root}");
            plan = FallbackPlanner.Plan(config, new FallbackRequest("/" + request.Image)
            {
                Kernel = host.FileExists(kernel) ? kernel : null,
                Role = request.Role,
                AppendOptions = request.AppendOptions,
            });
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException)
        {
            skipped = $"no {request.Role} boot entry: {e.Message}; the image is kept at /{request.Image} (at the GRUB prompt: press e on the entry, change its initrd line to it, Ctrl-X; `nicdoctor boot recovery` prints the exact steps)";
            return null;
        }
        var notes = new List<string>(plan.Notes);
        ICommandRunner run = runner ?? ProcessCommandRunner.Instance;
        if (!host.IsLive && runner is null && plan.Commands.Count > 0)
        {
            notes.Add($"not run on the sandbox root {host.Root}: {string.Join("; ", plan.Commands.Select(c => c.Display))}");
            plan = plan with { Commands = [], UndoCommands = [] };
        }

        // The files the change touches: its own writes and the configuration its commands rewrite.
        IReadOnlyList<string> touched = Touched(plan, config);
        IReadOnlyList<JournalEntry> before = journal.Read();
        foreach (string hostPath in touched)
            BackUp(host, request.StateDirectory, journal, before, hostPath);
        SavePlan(request, plan);
        FallbackApplier.Apply(plan, run);
        foreach (string hostPath in touched)
            Record(host, journal, hostPath);
        skipped = null;
        return new BootEntryAdded(plan.Strategy.ToString(), plan.Title, plan.EntryId ?? plan.Title, notes);
    }

    public void Remove(BootEntryRequest request, ChangeJournal journal)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(journal);
        string saved = PlanFile(request.StateDirectory, request.Role);
        if (!File.Exists(saved))
            return;
        FallbackPlan plan = JsonSerializer.Deserialize(File.ReadAllText(saved), EntriesJsonContext.Default.FallbackPlan)
            ?? throw new InvalidDataException($"{saved}: empty");
        var host = new HostRoot(request.Root);
        BootConfiguration config = BootConfigReader.Read(request.Root, hashFiles: false);
        IReadOnlyList<string> touched = Touched(plan with { Commands = plan.UndoCommands }, config);
        IReadOnlyList<JournalEntry> before = journal.Read();
        foreach (string hostPath in touched)
            BackUp(host, request.StateDirectory, journal, before, hostPath);
        FallbackApplier.Undo(plan, runner ?? ProcessCommandRunner.Instance);
        foreach (string hostPath in touched)
            Record(host, journal, hostPath);
    }

    /// <summary>Where apply keeps the original of a boot file (the same layout as the other backups).</summary>
    public static string BackupOf(string stateDirectory, string relativePath) =>
        Path.Join(stateDirectory, ChangeSetLayout.BackupDirectory, relativePath);

    private static List<string> Touched(FallbackPlan plan, BootConfiguration config)
    {
        var paths = plan.Writes.Select(w => w.HostPath).Concat(plan.UndoRemoves).ToList();
        if (plan.Commands.Count > 0 && config.ConfigFile is { } cfg)
            paths.Add(cfg);
        return [.. paths.Distinct(StringComparer.Ordinal)];
    }

    // The first time a change touches a file, its original (or its absence) is recorded; never again,
    // so a later entry (confirm's fallback after the trial) keeps the true original.
    private static void BackUp(HostRoot host, string stateDirectory, ChangeJournal journal, IReadOnlyList<JournalEntry> before, string hostPath)
    {
        string relative = Relative(host, hostPath);
        if (before.Any(e => e.Event == JournalEvents.BootBackedUp && e.Path == relative))
            return;
        string full = Path.Join(host.Root, relative);
        string? sha = FileDigest.Sha256OrNull(full);
        if (sha is not null)
            SafeFile.CopyOver(full, BackupOf(stateDirectory, relative), sha);
        journal.Append(JournalEvents.BootBackedUp, relative, sha);
    }

    private static void Record(HostRoot host, ChangeJournal journal, string hostPath)
    {
        string relative = Relative(host, hostPath);
        string? sha = FileDigest.Sha256OrNull(Path.Join(host.Root, relative));
        journal.Append(sha is null ? JournalEvents.Removed : JournalEvents.BootEntry, relative, sha);
    }

    // Root-relative, links resolved inside the root (grubenv -> ../efi/EFI/redhat/grubenv).
    private static string Relative(HostRoot host, string hostPath) =>
        Path.GetRelativePath(host.Root, host.Resolve(hostPath)).Replace('\\', '/');

    private static string PlanFile(string stateDirectory, string role) => Path.Join(stateDirectory, $"boot-{role}.json");

    private static void SavePlan(BootEntryRequest request, FallbackPlan plan)
    {
        string path = PlanFile(request.StateDirectory, request.Role);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(plan, EntriesJsonContext.Default.FallbackPlan));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
