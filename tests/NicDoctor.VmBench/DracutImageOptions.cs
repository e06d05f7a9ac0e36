namespace NicDoctor.VmBench;

/// <summary>
/// How <see cref="DracutInitramfs.Build"/> runs dracut. The defaults make a small generic image
/// (<c>--no-hostonly</c>, a handful of drivers and dracut modules) that boots an ext4 root on
/// virtio-blk and can load e1000e: about 10 MB and two minutes to make here, against ~33 MB and
/// six minutes for dracut's full generic set.
/// </summary>
public sealed record DracutImageOptions
{
    /// <summary>The dracut modules a small image needs to mount a block-device root (dracut's own /init, no systemd).</summary>
    public static IReadOnlyList<string> SmallDracutModules { get; } = ["base", "rootfs-block", "kernel-modules", "udev-rules", "fs-lib"];

    /// <summary>The kernel drivers a small image carries: the VM bench's NIC, root filesystem and disk.</summary>
    public static IReadOnlyList<string> SmallDrivers { get; } = ["e1000e", "ext4", "virtio_blk", "virtio_pci"];

    /// <summary>dracut's <c>--compress</c> value: gzip, zstd, xz, lzma, bzip2, lz4, lzo or cat (none).</summary>
    public string Compression { get; init; } = "zstd";

    /// <summary><c>--hostonly</c> (this machine's drivers only) instead of <c>--no-hostonly</c>.</summary>
    public bool HostOnly { get; init; }

    /// <summary>The exclusive driver list (<c>--drivers</c>); null lets dracut pick its full generic set.</summary>
    public IReadOnlyList<string>? Drivers { get; init; } = SmallDrivers;

    /// <summary>Extra drivers (<c>--add-drivers</c>).</summary>
    public IReadOnlyList<string> AddDrivers { get; init; } = [];

    /// <summary>Drivers left out (<c>--omit-drivers</c>), e.g. ext4 and virtio_blk for an image that cannot mount root.</summary>
    public IReadOnlyList<string> OmitDrivers { get; init; } = [];

    /// <summary>The exclusive dracut module list (<c>--modules</c>); null lets dracut pick its defaults (systemd-based).</summary>
    public IReadOnlyList<string>? DracutModules { get; init; } = SmallDracutModules;

    /// <summary>Extra dracut modules (<c>--add</c>).</summary>
    public IReadOnlyList<string> AddDracutModules { get; init; } = [];

    /// <summary>dracut modules left out (<c>--omit</c>).</summary>
    public IReadOnlyList<string> OmitDracutModules { get; init; } = [];

    /// <summary>
    /// Prepends an uncompressed early cpio with <c>kernel/x86/microcode/GenuineIntel.bin</c>, as dracut
    /// does on hosts with intel-microcode installed. Debian's microcode is in non-free-firmware, which this
    /// machine's apt sources lack, so the blob is a fixed placeholder; the kernel skips it (no matching
    /// CPU signature; QEMU's default CPU is not even Intel).
    /// </summary>
    public bool EarlyMicrocode { get; init; }

    /// <summary>Baked into the image's <c>etc/cmdline.d</c> (<c>--kernel-cmdline</c>).</summary>
    public string? KernelCmdline { get; init; }

    /// <summary>Extra files copied into the image (<c>--include SOURCE TARGET</c>); their content is part of the cache key.</summary>
    public IReadOnlyList<(string Source, string Target)> Includes { get; init; } = [];
}
