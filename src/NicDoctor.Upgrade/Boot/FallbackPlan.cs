namespace NicDoctor.Upgrade.Boot;

/// <summary>
/// Everything needed to add a boot entry that boots the default entry's kernel with a backup
/// initramfs, and to take it away again. Apply: <see cref="Writes"/> (each file whole), then
/// <see cref="Commands"/> in order (a command with an expected output is a check). Undo:
/// <see cref="UndoWrites"/>, remove <see cref="UndoRemoves"/>, then <see cref="UndoCommands"/>.
/// </summary>
public sealed record FallbackPlan
{
    public required FallbackStrategy Strategy { get; init; }

    /// <summary>The root the plan was made for ("/" or a sandbox).</summary>
    public required string Root { get; init; }

    /// <summary>The new entry's menu title.</summary>
    public required string Title { get; init; }

    /// <summary>The new entry's id (BLS file name without .conf, or the menuentry --id), when it has one.</summary>
    public string? EntryId { get; init; }

    /// <summary>Host path of the kernel the entry boots.</summary>
    public required string Kernel { get; init; }

    /// <summary>Host path of the backup initramfs the entry boots.</summary>
    public required string Initrd { get; init; }

    /// <summary>The initrd path as the boot loader reads it (relative to the boot partition).</summary>
    public required string InitrdLoaderPath { get; init; }

    /// <summary>SHA-256 of the backup initramfs when the plan was made; apply refuses a different file.</summary>
    public required string InitrdSha256 { get; init; }

    /// <summary>Title of the entry whose options are copied (the default).</summary>
    public required string CopiedFrom { get; init; }

    public IReadOnlyList<BootFileWrite> Writes { get; init; } = [];

    public IReadOnlyList<BootCommand> Commands { get; init; } = [];

    /// <summary>Files to restore to their content before the change.</summary>
    public IReadOnlyList<BootFileWrite> UndoWrites { get; init; } = [];

    public IReadOnlyList<string> UndoRemoves { get; init; } = [];

    public IReadOnlyList<BootCommand> UndoCommands { get; init; } = [];

    /// <summary>Why this strategy, and what to know about it.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
