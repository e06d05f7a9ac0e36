using NicDoctor.Upgrade.State;

namespace NicDoctor.Upgrade.Entries;

/// <summary>
/// What entry to add: <paramref name="Image"/> (root-relative) is the initramfs it boots with
/// the kernel <paramref name="KernelRelease"/>; <paramref name="Role"/> is "fallback" (the backup image,
/// the way back) or "trial" (a one-shot boot of a new image).
/// </summary>
public sealed record BootEntryRequest(string Root, string StateDirectory, string KernelRelease, string Image, string Role)
{
    /// <summary>Kernel arguments appended to the copied ones.</summary>
    public string? AppendOptions { get; init; }
}

/// <summary>An entry that was added: its menu title and the value that names it to GRUB (grub-reboot / next_entry).</summary>
public sealed record BootEntryAdded(string Strategy, string Title, string GrubName, IReadOnlyList<string> Notes);

/// <summary>
/// Adds and removes the boot entries apply makes (src/NicDoctor.Upgrade/Boot does the work). Every
/// file an entry changes is journalled: <c>boot-backed-up PATH SHA</c> before (SHA "-" when the file
/// is new; the original copied to the state directory), <c>boot-entry PATH SHA</c> after, so rollback
/// (native or rollback.sh) restores each one byte-identical or removes it.
/// </summary>
public interface IFallbackBootEntry
{
    /// <summary>Adds the entry; null with <paramref name="skipped"/> set when none can be added on this root.</summary>
    BootEntryAdded? Add(BootEntryRequest request, ChangeJournal journal, out string? skipped);

    /// <summary>Takes away an entry <see cref="Add"/> made for this role (confirm drops the trial entry this way).</summary>
    void Remove(BootEntryRequest request, ChangeJournal journal);
}
