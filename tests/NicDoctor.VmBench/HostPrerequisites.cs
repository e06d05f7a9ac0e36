namespace NicDoctor.VmBench;

/// <summary>
/// Makes sure the host has what the bench needs, installing missing Debian packages with apt-get
/// when running as root (as CI does); otherwise fails naming the packages to install.
/// </summary>
public static class HostPrerequisites
{
    /// <summary>The packages a VM boot with a busybox guest needs, and a file each one provides.</summary>
    public static IReadOnlyList<(string Package, string ProvidedFile)> VmBoot { get; } =
    [
        ("qemu-system-x86", "/usr/bin/qemu-system-x86_64"),
        ("busybox-static", GuestInitramfs.DefaultBusyboxPath),
        ("cpio", "/usr/bin/cpio"),
        ("linux-image-amd64", "/boot"),
    ];

    /// <summary>initramfs-tools' generator, for booting a distribution-built image.</summary>
    public static IReadOnlyList<(string Package, string ProvidedFile)> MkInitramfs { get; } =
    [
        ("initramfs-tools", "/usr/sbin/mkinitramfs"),
        ("zstd", "/usr/bin/zstd"),
    ];

    private static readonly Lock Gate = new();

    /// <summary>Ensures every package in <paramref name="packages"/> is present; installs the missing ones when root.</summary>
    /// <exception cref="InvalidOperationException">Something is missing and cannot be installed here.</exception>
    public static void Ensure(IEnumerable<(string Package, string ProvidedFile)> packages)
    {
        lock (Gate)
        {
            var missing = packages
                .Where(p => p.Package == "linux-image-amd64" ? !HasKernel(p.ProvidedFile) : !Path.Exists(p.ProvidedFile))
                .Select(p => p.Package)
                .ToList();
            if (missing.Count == 0)
                return;
            if (!Environment.IsPrivilegedProcess || ExternalTool.Which("apt-get") is null)
                throw new InvalidOperationException(
                    $"missing Debian packages: {string.Join(' ', missing)} (run: sudo apt-get install {string.Join(' ', missing)}, or ./build.sh test)");
            var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            ExternalTool.Run("apt-get", ["update", "-qq"], environment: env);
            ExternalTool.Run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", .. missing], environment: env);
        }
    }

    private static bool HasKernel(string bootDirectory) =>
        Directory.Exists(bootDirectory) && Directory.EnumerateFiles(bootDirectory, "vmlinuz-*").Any();
}
