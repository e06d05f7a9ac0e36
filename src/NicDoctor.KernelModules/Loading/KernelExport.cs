namespace NicDoctor.KernelModules.Loading;

/// <summary>A symbol the target kernel or one of its modules exports (a <c>Module.symvers</c> row).</summary>
public sealed record KernelExport(string Symbol, uint Crc, string Owner, bool GplOnly, string? Namespace)
{
    public bool FromVmlinux => Owner == "vmlinux";
}
