using System.Globalization;
using System.Security.Cryptography;

namespace NicDoctor.VmBench;

/// <summary>
/// Initramfs images made by Debian's real dracut (059). Debian's dracut conflicts with
/// initramfs-tools, which the other vm tests need installed, so dracut is not installed: its two
/// packages are fetched with <c>apt-get download</c>, unpacked with <c>dpkg-deb -x</c> into the test
/// cache, and run from there (<c>dracutbasedir</c> points dracut at its unpacked library).
/// </summary>
public static class DracutInitramfs
{
    /// <summary>What dracut itself needs on the host besides its own packages (dracut-core's Depends, minus dm/kpartx).</summary>
    public static IReadOnlyList<(string Package, string ProvidedFile)> Prerequisites { get; } =
    [
        ("cpio", "/usr/bin/cpio"),
        ("kmod", "/usr/bin/kmod"),
        ("udev", "/usr/bin/udevadm"),
        ("e2fsprogs", "/usr/sbin/mke2fs"),
        ("linux-image-amd64", "/boot"),
    ];

    private static readonly Lock UnpackGate = new();

    /// <summary>
    /// Returns an image made by <c>dracut --kver</c> for <paramref name="kernel"/> with
    /// <paramref name="options"/>, cached under <see cref="TestCache"/> by everything that shapes it.
    /// </summary>
    /// <exception cref="InvalidOperationException">dracut (or fetching it) failed; the message has its output.</exception>
    public static string Build(DebianKernel kernel, DracutImageOptions options)
    {
        HostPrerequisites.Ensure([.. Prerequisites, .. CompressorPackage(options.Compression)]);
        var dracut = UnpackedDracut();
        var kernelStamp = string.Join(' ', new[] { kernel.VmlinuzPath, kernel.ModulesDepPath }
            .Select(f => File.GetLastWriteTimeUtc(f).Ticks.ToString(CultureInfo.InvariantCulture)));
        var includeHashes = options.Includes.Select(i => $"{i.Target}={Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(i.Source)))}");
        var arguments = Arguments(kernel, options, fwDir: "FW", tmpDir: "TMP", output: "OUT");
        return TestCache.GetOrCreate($"dracut-{kernel.Release}-{options.Compression}.img",
            ["dracut", dracut.Version, kernel.Release, kernelStamp, .. arguments, .. includeHashes],
            output =>
            {
                var work = Directory.CreateTempSubdirectory("nicdoctor-dracut-");
                try
                {
                    var fwDir = Path.Combine(work.FullName, "firmware");
                    var tmpDir = Path.Combine(work.FullName, "tmp");
                    Directory.CreateDirectory(Path.Combine(fwDir, "intel-ucode"));
                    Directory.CreateDirectory(tmpDir);
                    Directory.CreateDirectory(Path.Combine(work.FullName, "conf.d"));
                    File.WriteAllBytes(Path.Combine(fwDir, "intel-ucode", "06-00-00"), MicrocodePlaceholder());
                    var result = ExternalTool.TryRun("bash", [dracut.Script, .. Arguments(kernel, options, fwDir, tmpDir, output, work.FullName)],
                        environment: new Dictionary<string, string> { ["dracutbasedir"] = dracut.BaseDirectory });
                    if (result.ExitCode != 0 || !File.Exists(output))
                        throw new InvalidOperationException(
                            $"dracut for {kernel.Release} exited with {result.ExitCode}: {Tail(result.Stdout + result.Stderr)}");
                }
                finally
                {
                    work.Delete(recursive: true);
                }
            });
    }

    /// <summary>
    /// A dracut hook for <see cref="DracutImageOptions.Includes"/>: dracut's own /init (module base,
    /// no systemd) sources every <c>/lib/dracut/hooks/STAGE/*.sh</c> as PID 1 at that stage
    /// (cmdline, pre-udev, pre-trigger, initqueue, pre-mount, mount, pre-pivot…). The script may use
    /// <c>ndtest key=value</c>; when <paramref name="powerOff"/>, the hook prints <c>NDTEST done</c> and
    /// powers the machine off afterwards. The file lives in the test cache, named by its content.
    /// </summary>
    public static (string Source, string Target) Hook(string stage, string script, bool powerOff = true)
    {
        var text = $$"""
            # Added by nicdoctor's VM bench; sourced by dracut's /init.
            ndtest() { echo "NDTEST $*" > /dev/console; }
            ndtest hook={{stage}}
            {{script}}

            """ + (powerOff ? "ndtest done\necho o > /proc/sysrq-trigger\nwhile :; do sleep 1; done\n" : "");
        var path = TestCache.GetOrCreate($"dracut-hook-{stage}.sh", ["dracut-hook", stage, text],
            temp => File.WriteAllText(temp, text));
        return (path, $"/lib/dracut/hooks/{stage}/00-ndtest.sh");
    }

    private static List<string> Arguments(DebianKernel kernel, DracutImageOptions o, string fwDir, string tmpDir, string output,
        string confRoot = "CONF")
    {
        var a = new List<string>
        {
            // No host configuration leaks in: an empty config, a private temp dir.
            "--conf", "/dev/null", "--confdir", Path.Combine(confRoot, "conf.d"), "--tmpdir", tmpDir,
            o.HostOnly ? "--hostonly" : "--no-hostonly", "--no-hostonly-cmdline",
        };
        if (o.DracutModules is { } modules)
            a.AddRange(["--modules", string.Join(' ', modules)]);
        if (o.Drivers is { } drivers)
            a.AddRange(["--drivers", string.Join(' ', drivers)]);
        if (o.AddDrivers.Count > 0)
            a.AddRange(["--add-drivers", string.Join(' ', o.AddDrivers)]);
        if (o.OmitDrivers.Count > 0)
            a.AddRange(["--omit-drivers", string.Join(' ', o.OmitDrivers)]);
        if (o.AddDracutModules.Count > 0)
            a.AddRange(["--add", string.Join(' ', o.AddDracutModules)]);
        if (o.OmitDracutModules.Count > 0)
            a.AddRange(["--omit", string.Join(' ', o.OmitDracutModules)]);
        a.AddRange(o.EarlyMicrocode ? ["--early-microcode", "--fwdir", fwDir] : ["--no-early-microcode"]);
        a.AddRange(o.Compression == "cat" ? ["--no-compress"] : ["--compress", o.Compression]);
        if (o.KernelCmdline is { } cmdline)
            a.AddRange(["--kernel-cmdline", cmdline]);
        foreach (var (source, target) in o.Includes)
            a.AddRange(["--include", source, target]);
        a.AddRange(["--kver", kernel.Release, "--force", output]);
        return a;
    }

    private static IEnumerable<(string, string)> CompressorPackage(string compression) => compression switch
    {
        "zstd" => [("zstd", "/usr/bin/zstd")],
        "xz" or "lzma" => [("xz-utils", "/usr/bin/xz")],
        "bzip2" => [("bzip2", "/usr/bin/bzip2")],
        "lz4" => [("lz4", "/usr/bin/lz4")],
        "lzo" => [("lzop", "/usr/bin/lzop")],
        _ => [],
    };

    private sealed record UnpackedDracutTree(string Version, string Script, string BaseDirectory);

    /// <summary>dracut's <c>lsinitrd</c> from the unpacked tree (run it with <c>dracutbasedir</c> set to the second value).</summary>
    public static (string Script, string BaseDirectory) Lsinitrd()
    {
        UnpackedDracutTree tree = UnpackedDracut();
        return (Path.Combine(Path.GetDirectoryName(tree.Script)!, "lsinitrd"), tree.BaseDirectory);
    }

    /// <summary>dracut and dracut-core from the Debian archive, unpacked once into the test cache.</summary>
    private static UnpackedDracutTree UnpackedDracut()
    {
        lock (UnpackGate)
        {
            var home = Path.Combine(TestCache.Root, "dracut-debian");
            var versionFile = Path.Combine(home, "VERSION");
            if (!File.Exists(versionFile))
            {
                if (!Environment.IsPrivilegedProcess && ExternalTool.Which("apt-get") is null)
                    throw new InvalidOperationException("dracut is needed: run as root on Debian (apt-get download dracut dracut-core)");
                var staging = Directory.CreateTempSubdirectory("nicdoctor-dracut-pkg-");
                try
                {
                    var download = ExternalTool.TryRun("apt-get", ["download", "dracut", "dracut-core"], staging.FullName);
                    if (download.ExitCode != 0)
                    {
                        // A fresh machine may have no package lists yet.
                        ExternalTool.Run("apt-get", ["update", "-qq"]);
                        ExternalTool.Run("apt-get", ["download", "dracut", "dracut-core"], staging.FullName);
                    }
                    var debs = Directory.GetFiles(staging.FullName, "*.deb");
                    var root = Path.Combine(staging.FullName, "root");
                    foreach (var deb in debs)
                        ExternalTool.Run("dpkg-deb", ["-x", deb, root]);
                    var core = Path.GetFileName(debs.Single(d => Path.GetFileName(d).StartsWith("dracut-core_", StringComparison.Ordinal)));
                    File.WriteAllText(Path.Combine(root, "VERSION"), core.Split('_')[1]);
                    if (Directory.Exists(home))
                        Directory.Delete(home, recursive: true);
                    Directory.Move(root, home);
                }
                finally
                {
                    staging.Delete(recursive: true);
                }
            }
            return new UnpackedDracutTree(File.ReadAllText(versionFile).Trim(),
                Path.Combine(home, "usr", "bin", "dracut"), Path.Combine(home, "usr", "lib", "dracut"));
        }
    }

    /// <summary>A fixed, recognisably fake microcode blob (see <see cref="DracutImageOptions.EarlyMicrocode"/>).</summary>
    private static byte[] MicrocodePlaceholder()
    {
        var text = "NICDOCTOR TEST PLACEHOLDER, NOT MICROCODE\n"u8.ToArray();
        var blob = new byte[2048];
        for (int i = 0; i < blob.Length; i++)
            blob[i] = text[i % text.Length];
        return blob;
    }

    private static string Tail(string text) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(8));
}
