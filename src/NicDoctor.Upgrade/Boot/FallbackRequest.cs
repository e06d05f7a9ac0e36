namespace NicDoctor.Upgrade.Boot;

/// <summary>What fallback entry to add.</summary>
/// <param name="Initrd">Host path of the backup initramfs (e.g. <c>/boot/initramfs-KVER.img.nicdoctor-20261125</c>).</param>
public sealed record FallbackRequest(string Initrd)
{
    /// <summary>Host path of the kernel; default: the default entry's kernel.</summary>
    public string? Kernel { get; init; }

    /// <summary>Menu title; default: the default entry's title plus "(nicdoctor fallback: FILE)".</summary>
    public string? Title { get; init; }

    /// <summary>
    /// "fallback" (a way back to a backup image) or "trial" (a one-shot boot of a new image): names the
    /// BLS file (<c>ID-nicdoctor-ROLE</c>) and the /etc/grub.d script, so both can exist side by side.
    /// </summary>
    public string Role { get; init; } = "fallback";

    /// <summary>Kernel arguments appended to the copied ones (a trial entry's fail-fast and marker arguments).</summary>
    public string? AppendOptions { get; init; }

    /// <summary>
    /// The initramfs's sha256 when it is not written yet (a plan made before the backup exists);
    /// default: hashed from the file, which must then exist.
    /// </summary>
    public string? InitrdSha256 { get; init; }
}
