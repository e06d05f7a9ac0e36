namespace NicDoctor.VmBench;

/// <summary>
/// A minimal guest initramfs: static busybox, any files the test adds (e.g. kernel modules with
/// their dependencies), and an <c>/init</c> built from the test's script.
/// </summary>
/// <remarks>
/// The generated /init mounts proc, sysfs and devtmpfs, installs busybox applet links, defines
/// <c>ndtest key=value</c> (prints an <c>NDTEST</c> marker line), runs the test's script, then powers
/// the machine off. The script must print <c>ndtest done</c> itself when it got to its end.
/// </remarks>
public sealed class GuestInitramfs
{
    /// <summary>Where Debian's busybox-static installs the binary.</summary>
    public const string DefaultBusyboxPath = "/bin/busybox";

    private readonly InitramfsTree _tree = new();

    /// <summary>Starts a guest with <paramref name="busyboxPath"/> (must be statically linked) as /bin/busybox.</summary>
    public GuestInitramfs(string busyboxPath = DefaultBusyboxPath)
    {
        StaticBusybox.Verify(busyboxPath);
        _tree.AddFile("/bin/busybox", busyboxPath, InitramfsTree.Modes.Executable);
    }

    /// <summary>The files of the guest (for adding more than modules).</summary>
    public InitramfsTree Files => _tree;

    /// <summary>
    /// Adds the modules <paramref name="moduleNames"/> of <paramref name="kernel"/> and every module
    /// they depend on (from modules.dep) at their usual paths under /lib/modules/&lt;release&gt;/.
    /// </summary>
    /// <returns>Guest paths in load order (dependencies first, each once), ready for <c>insmod</c> lines.</returns>
    public IReadOnlyList<string> AddModules(DebianKernel kernel, params IReadOnlyList<string> moduleNames)
    {
        var guestPaths = new List<string>();
        foreach (var relative in ModulesDep.Load(kernel).LoadOrder(moduleNames))
        {
            var guestPath = $"/lib/modules/{kernel.Release}/{relative}";
            _tree.AddFile(guestPath, Path.Combine(kernel.ModulesDirectory, relative));
            guestPaths.Add(guestPath);
        }
        return guestPaths;
    }

    /// <summary>
    /// Makes the guest behave like a distribution host for shell scripts: the host's kmod (Debian's
    /// <c>/usr/bin/kmod</c>) as /sbin/depmod, modprobe, insmod, rmmod, lsmod and modinfo, and dash as
    /// /bin/sh, with their shared libraries; /init's <c>busybox --install -s</c> leaves existing files
    /// alone. Both are needed: busybox's depmod ignores the <c>updates/</c> priority kmod gives, and
    /// Debian's busybox-static sh runs its own applets before anything on PATH.
    /// </summary>
    public GuestInitramfs AddDistroShellAndKmod(string kmodPath = "/usr/bin/kmod", string dashPath = "/usr/bin/dash")
    {
        AddDynamicExecutable(kmodPath, "/sbin/depmod", "/sbin/modprobe", "/sbin/insmod", "/sbin/rmmod", "/sbin/lsmod", "/sbin/modinfo");
        AddDynamicExecutable(dashPath, "/bin/sh", "/bin/dash");
        return this;
    }

    /// <summary>Adds a dynamically linked host program at <paramref name="guestPaths"/> (copies: kmod acts on argv[0]'s name) and the libraries ldd lists.</summary>
    public GuestInitramfs AddDynamicExecutable(string hostPath, params IReadOnlyList<string> guestPaths)
    {
        foreach (var guestPath in guestPaths)
            _tree.AddFile(guestPath, hostPath, InitramfsTree.Modes.Executable);
        foreach (var line in ExternalTool.Run("ldd", [hostPath]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "libzstd.so.1 => /lib/x86_64-linux-gnu/libzstd.so.1 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)"
            var fields = line.Trim().Split(' ');
            var library = fields.Length >= 3 && fields[1] == "=>" ? fields[2] : fields[0];
            if (library.StartsWith('/') && !_tree.GuestPaths.Contains(library))
                _tree.AddFile(library, library, InitramfsTree.Modes.Executable);
        }
        return this;
    }

    /// <summary>The complete /init around the test's <paramref name="script"/> (POSIX sh, busybox applets on PATH).</summary>
    public static string InitScript(string script) => $$"""
        #!/bin/busybox sh
        /bin/busybox mkdir -p /proc /sys /dev /tmp /sbin /usr/bin /usr/sbin
        /bin/busybox --install -s
        export PATH=/sbin:/usr/sbin:/bin:/usr/bin
        mount -t proc proc /proc
        mount -t sysfs sysfs /sys
        mount -t devtmpfs devtmpfs /dev
        ndtest() { echo "NDTEST $*"; }
        ndtest started=1
        {{script}}
        sync
        poweroff -f
        echo o > /proc/sysrq-trigger

        """;

    /// <summary>Writes the guest image, with /init running <paramref name="script"/>, as a newc cpio archive.</summary>
    public void WriteCpio(string outputPath, string script)
    {
        _tree.AddScript("/init", InitScript(script));
        _tree.WriteCpio(outputPath);
    }
}
