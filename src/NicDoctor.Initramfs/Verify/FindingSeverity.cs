namespace NicDoctor.Initramfs.Verify;

public enum FindingSeverity
{
    /// <summary>Worth knowing; the kernel copes.</summary>
    Warning,

    /// <summary>The kernel would fail to unpack this (or would silently lose data).</summary>
    Error,
}
