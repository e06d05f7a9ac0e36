namespace NicDoctor.KernelModules.Loading;

/// <summary>How a finding affects the load.</summary>
public enum LoadEffect
{
    /// <summary>The kernel refuses the module (-ENOEXEC, -ENOENT, -EINVAL, -EKEYREJECTED).</summary>
    Refused,

    /// <summary>The module loads and taints the kernel.</summary>
    Taints,

    /// <summary>The kernel prints a warning; no effect on the load.</summary>
    Warning,

    /// <summary>Something this check could not judge.</summary>
    Unknown,
}

/// <summary>
/// One prediction: <see cref="KernelMessage"/> is the line the kernel would log (its own
/// format string, filled in), <see cref="Detail"/> explains it for people.
/// </summary>
public sealed record LoadFinding(LoadEffect Effect, string Check, string KernelMessage, string? Detail);
