namespace NicDoctor.VmBench;

/// <summary>What to boot and how: kernel, initramfs, extra command line, devices and the hard time limit.</summary>
/// <param name="KernelPath">The kernel image (e.g. <see cref="DebianKernel.VmlinuzPath"/>).</param>
/// <param name="InitrdPath">The initramfs image (any format the kernel accepts).</param>
public sealed record VmBootRequest(string KernelPath, string InitrdPath)
{
    /// <summary>Builds a request for <paramref name="kernel"/>'s image.</summary>
    public VmBootRequest(DebianKernel kernel, string initrdPath) : this(kernel.VmlinuzPath, initrdPath) { }

    /// <summary>Appended after <c>console=ttyS0 panic=-1</c> (and <c>quiet</c>) on the kernel command line.</summary>
    public string Append { get; init; } = "";

    /// <summary>Adds <c>quiet</c>: kernel warnings and less severe messages stay in dmesg, off the console.</summary>
    public bool Quiet { get; init; } = true;

    /// <summary>The emulated NIC.</summary>
    public VmNic Nic { get; init; } = VmNic.None;

    /// <summary>The NIC's MAC address (QEMU's own default is 52:54:00:12:34:56).</summary>
    public string NicMac { get; init; } = "52:54:00:12:34:56";

    /// <summary>Raw disk images attached as virtio block devices (vda, vdb…), in order.</summary>
    public IReadOnlyList<string> Drives { get; init; } = [];

    /// <summary>Guest memory in MiB.</summary>
    public int MemoryMiB { get; init; } = 512;

    /// <summary>QEMU is killed after this long, whatever the guest is doing.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>After the guest printed <c>NDTEST done</c>, how long it may take to power off before QEMU is killed.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The kernel command line. <c>no_timer_check</c>: on a loaded host, TCG's timer can look broken
    /// to the kernel's IO-APIC check, which then panics ("IO-APIC + timer doesn't work").
    /// </summary>
    public string KernelCommandLine =>
        string.Join(' ', new[] { "console=ttyS0", "panic=-1", "no_timer_check", Quiet ? "quiet" : "", Append }.Where(s => s.Length > 0));
}
