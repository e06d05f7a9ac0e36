namespace NicDoctor.Upgrade.Boot;

/// <summary>An entry as a parser saw it, before its files are looked up on the host.</summary>
internal sealed record ParsedEntry(
    BootEntrySource Source,
    string ConfigFile,
    int Line,
    string Title,
    string? Id,
    IReadOnlyList<string> Submenus,
    string MenuPath,
    string? Kernel,
    IReadOnlyList<string> Initrds,
    string? Options,
    string? Version,
    string? GrubDevice)
{
    /// <summary>The command word that loads the initrd (<c>initrd</c>, <c>initrd16</c>, <c>initrdefi</c>).</summary>
    public string? InitrdCommand { get; init; }
}
