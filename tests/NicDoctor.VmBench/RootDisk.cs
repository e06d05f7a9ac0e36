namespace NicDoctor.VmBench;

/// <summary>
/// A raw ext4 root disk image for the guest, made with <c>mke2fs -t ext4 -d STAGING</c> (e2fsprogs
/// copies the staging tree into the new file system: no mounting, no root needed). The root holds
/// static busybox and an <c>/sbin/init</c> that prints <c>NDTEST root=mounted</c> and powers off.
/// </summary>
public static class RootDisk
{
    /// <summary>What the guest's /sbin/init prints once the kernel ran it from the disk.</summary>
    public const string MountedMarker = "root";

    /// <summary>The busybox root disk (32 MiB), cached in <see cref="TestCache"/> by busybox's content and the init script.</summary>
    public static string BusyboxRoot()
    {
        HostPrerequisites.Ensure([("e2fsprogs", "/usr/sbin/mke2fs"), ("busybox-static", GuestInitramfs.DefaultBusyboxPath)]);
        StaticBusybox.Verify(GuestInitramfs.DefaultBusyboxPath);
        var busybox = File.ReadAllBytes(GuestInitramfs.DefaultBusyboxPath);
        var busyboxHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(busybox));
        return TestCache.GetOrCreate("busybox-root.ext4", ["mke2fs-root", busyboxHash, InitScript], output =>
        {
            var staging = Directory.CreateTempSubdirectory("nicdoctor-rootdisk-");
            try
            {
                foreach (var dir in new[] { "bin", "sbin", "proc", "sys", "dev", "run", "tmp", "etc" })
                    Directory.CreateDirectory(Path.Combine(staging.FullName, dir));
                var target = Path.Combine(staging.FullName, "bin", "busybox");
                File.WriteAllBytes(target, busybox);
                File.SetUnixFileMode(target, (UnixFileMode)0b111_101_101);
                var init = Path.Combine(staging.FullName, "sbin", "init");
                File.WriteAllText(init, InitScript);
                File.SetUnixFileMode(init, (UnixFileMode)0b111_101_101);
                ExternalTool.Run("mke2fs", ["-q", "-F", "-t", "ext4", "-L", "ndroot", "-d", staging.FullName, output, "32M"]);
            }
            finally
            {
                staging.Delete(recursive: true);
            }
        });
    }

    private const string InitScript = """
        #!/bin/busybox sh
        # nicdoctor VM bench: PID 1 on the ext4 root disk.
        /bin/busybox mount -t proc proc /proc 2>/dev/null
        echo "NDTEST root=mounted"
        echo "NDTEST rootfs=$(/bin/busybox awk '$2 == "/" { print $1 " " $3 }' /proc/mounts | /bin/busybox tail -n 1)"
        echo "NDTEST done"
        /bin/busybox poweroff -f

        """;
}
