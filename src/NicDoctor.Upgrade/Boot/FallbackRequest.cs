namespace NicDoctor.Upgrade.Boot;

/// <summary>What fallback entry to add.</summary>
/// <param name="Initrd">Host path of the backup initramfs (e.g. <c>/boot/initramfs-KVER.img.nicdoctor-20261125</c>).</param>
public sealed record FallbackRequest(string Initrd)
{
    /// <summary>Host path of the kernel; default: the default entry's kernel.</summary>
    public string? Kernel { get; init; }

    /// <summary>Menu title; default: the default entry's title plus "(nicdoctor fallback: FILE)".</summary>
    public string? Title { get; init; }
}
