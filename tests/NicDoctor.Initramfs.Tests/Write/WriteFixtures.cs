using NicDoctor.Initramfs.Compression.Encoding;
using NicDoctor.Initramfs.Write;

namespace NicDoctor.Initramfs.Tests.Write;

/// <summary>
/// Inputs for the write side: the contents of a real mkinitramfs image, unpacked by Debian's own
/// unmkinitramfs (once per test class), and a dracut-shaped image (uncompressed early cpio, then
/// zstd) made by GNU cpio and zstd from Debian's real modules.
/// </summary>
internal static class WriteFixtures
{
    public static readonly string IntelModules = "lib/modules/" + Tools.Kernel + "/kernel/drivers/net/ethernet/intel";

    /// <summary>
    /// unmkinitramfs of the real zstd mkinitramfs image into DIR/main (this host has no microcode
    /// package, so the image has no early part), plus DIR/early with a microcode-shaped file.
    /// </summary>
    public static void UnpackRealImage(string directory)
    {
        string image = Tools.MkinitramfsImage("zstd");
        Tools.Sh($"unmkinitramfs '{image}' '{directory}/main' && mkdir -p '{directory}/early/kernel/x86/microcode' && head -c 5000 /boot/System.map-{Tools.Kernel} > '{directory}/early/kernel/x86/microcode/GenuineIntel.bin'");
    }

    /// <summary>An early (microcode) cpio + zstd main cpio, as dracut lays it out, with real modules and a modules.dep.</summary>
    public static string DracutShapedImage(string directory)
    {
        Tools.Sh($"""
            mkdir -p early/kernel/x86/microcode main/{IntelModules}/e1000e main/{IntelModules}/i40e main/usr/bin
            head -c 9000 /boot/vmlinuz-{Tools.Kernel} > early/kernel/x86/microcode/GenuineIntel.bin
            cp /{IntelModules}/e1000e/e1000e.ko main/{IntelModules}/e1000e/
            xz --check=crc32 -c /{IntelModules}/i40e/i40e.ko > main/{IntelModules}/i40e/i40e.ko.xz
            printf 'kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko:\nkernel/drivers/net/ethernet/intel/i40e/i40e.ko.xz:\n' > main/lib/modules/{Tools.Kernel}/modules.dep
            printf '#!/bin/sh\necho init\n' > main/init && chmod 755 main/init
            ln -s ../../init main/usr/bin/init-link
            find early main -print0 | xargs -0 touch -h -d '2024-01-02 03:04:05 UTC'
            (cd early && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > image.img
            (cd main && find . | LC_ALL=C sort | cpio -o -H newc --quiet | zstd -q -15 -c) >> image.img
            """, directory);
        return Path.Combine(directory, "image.img");
    }

    /// <summary>Writes <paramref name="tree"/> as a one-part image with our writer.</summary>
    public static void Create(string output, string tree, CompressionChoice compression, long? epoch = 1_700_000_000, string? early = null)
    {
        var plans = new List<ImageSegmentPlan>();
        if (early is not null)
            plans.Add(new ImageSegmentPlan(DirectoryArchive.Read(early, epoch), CompressionChoice.None));
        plans.Add(new ImageSegmentPlan(DirectoryArchive.Read(tree, epoch), compression));
        AtomicFile.Write(output, s => ImageWriter.Write(s, plans));
    }

    /// <summary>A copy of e1000e.ko with one byte of its .modinfo description changed (found by readelf, not by our code).</summary>
    public static string PatchedE1000e(string directory)
    {
        string file = Path.Combine(directory, "e1000e.ko");
        Tools.Sh($"""
            cp /{IntelModules}/e1000e/e1000e.ko '{file}'
            off=$(grep -abo 'description=Intel(R) PRO/1000 Network Driver' '{file}' | head -1 | cut -d: -f1)
            printf 'X' | dd of='{file}' bs=1 seek=$((off + 12)) conv=notrunc status=none
            """);
        return file;
    }
}
