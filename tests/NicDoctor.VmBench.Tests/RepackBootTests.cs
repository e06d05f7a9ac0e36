using NicDoctor.Initramfs.Diff;
using NicDoctor.Initramfs.Repack;

namespace NicDoctor.VmBench.Tests;

/// <summary>
/// The seed's change done right: e1000e.ko inside a real dracut image (uncompressed early cpio +
/// zstd) is replaced by a copy whose GNU build-id differs in one byte (a note the kernel exposes
/// in /sys/module/e1000e/notes and never checks). A wrong signature is always refused ("Key was
/// rejected by service", seen in the first run), so the signature is removed: an unsigned module
/// is only a taint on Debian's kernel, which has no MODULE_SIG_FORCE. The repacked image differs in that
/// one entry, keeps the early part byte for byte, and boots: dracut's /init runs our hook, which
/// loads e1000e and reads the build-id of the module the kernel actually loaded.
/// </summary>
[Trait("Category", "vm")]
public sealed class RepackBootTests
{
    /// <param name="append">repack --append: the image unchanged plus one appended part; the kernel must keep the appended copy.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Repacked_dracut_image_boots_with_the_new_e1000e(bool append)
    {
        var kernel = Bench.Kernel;
        var hook = DracutInitramfs.Hook("pre-udev", """
            ndtest pid=$$
            modprobe e1000e
            ndtest build_id=$(busybox od -An -tx1 -j16 /sys/module/e1000e/notes/.note.gnu.build-id | busybox tr -d ' \n')
            """);
        var image = DracutInitramfs.Build(kernel, new DracutImageOptions
        {
            EarlyMicrocode = true,
            Compression = "zstd",
            Includes = [hook, (GuestInitramfs.DefaultBusyboxPath, "/usr/bin/busybox")],
        });
        var work = Directory.CreateTempSubdirectory("nicdoctor-repack-boot-");
        try
        {
            var original = ExternalTool.Run("modinfo", ["-k", kernel.Release, "-n", "e1000e"]).Stdout.Trim();
            var patched = Path.Combine(work.FullName, "e1000e.ko");
            // The build-id descriptor starts 16 bytes into its note section (namesz, descsz, type, "GNU\0"); readelf finds the section.
            ExternalTool.Run("bash", ["-c", $"""
                set -eu
                cp '{original}' '{patched}'
                off=$(readelf -S -W '{patched}' | sed -n 's/.*\.note\.gnu\.build-id *NOTE *[0-9a-f]* \([0-9a-f]*\).*/\1/p')
                at=$((0x$off + 16))
                b=$(od -An -tu1 -j $at -N1 '{patched}' | tr -d ' ')
                printf "$(printf '\\%03o' $((b ^ 255)))" | dd of='{patched}' bs=1 seek=$at conv=notrunc status=none
                # Drop the appended signature (now wrong): struct module_signature (12 bytes, sig_len big-endian at 8) + 28-byte marker.
                siglen=$(tail -c 32 '{patched}' | head -c 4 | od -An -tu4 --endian=big | tr -d ' ')
                truncate -s -$((siglen + 12 + 28)) '{patched}'
                """]);
            var buildId = ExternalTool.Run("readelf", ["-n", patched]).Stdout.Split('\n')
                .Single(l => l.Contains("Build ID:", StringComparison.Ordinal)).Split(':')[1].Trim();
            var repacked = Path.Combine(work.FullName, "repacked.img");
            var result = InitramfsRepacker.Repack(image, repacked, new RepackOptions
            {
                Changes = [new EntryChange(EntryChangeKind.Replace, ModulePath(image, kernel.Release), patched)],
                Append = append,
            });

            var diff = InitramfsDiff.Compare(image, repacked);
            var only = Assert.Single(diff.Differences);
            Assert.EndsWith("/e1000e/e1000e.ko", only.Path, StringComparison.Ordinal);
            Assert.Equal(["size", "sha256"], only.Fields); // the signature was cut off
            if (append)
                Assert.Equal(File.ReadAllBytes(image), Slice(repacked, 0, new FileInfo(image).Length));
            else
            {
                var early = Assert.Single(result.Segments, s => !s.Rewritten);
                Assert.Equal(Slice(image, early.InputOffset, early.InputLength), Slice(repacked, early.OutputOffset, early.OutputLength));
            }
            // Re-encoding: dracut's zstd -15 frame has a 4 MiB window, whose fastest level is 9.
            Assert.Equal(append ? "zstd" : "zstd:9", result.Segments.Single(s => s.Rewritten).WrittenWith);

            var boot = Bench.Boot(new VmBootRequest(kernel, repacked)
            {
                Nic = VmNic.E1000e,
                Append = "root=/dev/vda rd.shell=0",
                Timeout = TimeSpan.FromSeconds(120),
            }).EnsureDone();
            Assert.DoesNotContain("Initramfs unpacking failed", boot.SerialLog, StringComparison.Ordinal);
            Assert.Equal("1", boot.Marker("pid"));
            Assert.Equal(buildId, boot.Marker("build_id"));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string ModulePath(string image, string release)
    {
        using var reader = NicDoctor.Initramfs.Image.InitramfsImage.Open(image);
        while (reader.GetNextSegment() is { } segment)
        {
            while (segment.GetNextEntry() is { } entry)
            {
                if (entry.Name.EndsWith($"{release}/kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko", StringComparison.Ordinal))
                    return entry.Name;
            }
        }
        throw new InvalidOperationException("e1000e.ko is not in the dracut image");
    }

    private static byte[] Slice(string file, long offset, long length)
    {
        using var stream = File.OpenRead(file);
        stream.Position = offset;
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
