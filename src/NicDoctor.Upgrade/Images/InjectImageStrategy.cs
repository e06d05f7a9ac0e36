namespace NicDoctor.Upgrade.Images;

/// <summary>
/// Repacks the host's current image with only the driver replaced (the seed's method, made safe).
/// The repack itself belongs to the initramfs engine (src/NicDoctor.Initramfs/Repack); until it is
/// wired here this strategy says so instead of guessing.
/// </summary>
public sealed class InjectImageStrategy : IBootImageStrategy
{
    public string Name => "inject";

    public string? Unavailable(string root) =>
        "inject needs the initramfs repack engine (src/NicDoctor.Initramfs/Repack), not wired into upgrade yet; use --image-strategy rebuild";

    public void Build(BootImageBuildRequest request) =>
        throw new NotSupportedException(Unavailable(request?.Root ?? "/"));
}
