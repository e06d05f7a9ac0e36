using System.Text;

namespace NicDoctor.VmBench.Tests;

/// <summary>
/// The seed case's step 6 on a real kernel: a module run through plain <c>strip</c> cannot be
/// loaded ("module has no symbols (stripped?)"), one run through <c>strip -d</c> loads.
/// </summary>
[Trait("Category", "vm")]
public sealed class StrippedModuleTests
{
    private const string SignatureMarker = "~Module signature appended~\n";

    /// <summary>TAINT_UNSIGNED_MODULE, letter 'E' (kernel Documentation/admin-guide/tainted-kernels.rst).</summary>
    private const int TaintUnsignedModule = 1 << 13;

    [Fact]
    public void Kernel_refuses_a_fully_stripped_e1000e_and_loads_a_debug_stripped_one()
    {
        var kernel = Bench.Kernel;
        using var scratch = new ScratchDirectory();
        var shipped = Path.Combine(kernel.ModulesDirectory, ModulesDep.Load(kernel).LoadOrder("e1000e")[^1]);
        var strippedAll = scratch.File("all.ko");
        var strippedDebug = scratch.File("debug.ko");
        ExternalTool.Run("strip", ["-o", strippedAll, shipped]);
        ExternalTool.Run("strip", ["-d", "-o", strippedDebug, shipped]);

        // Host-side facts from binutils itself: plain strip drops the symbol table, -d keeps it;
        // both rewrite the ELF file and so drop Debian's appended signature.
        Assert.Contains(".symtab", Readelf(shipped));
        Assert.DoesNotContain(".symtab", Readelf(strippedAll));
        Assert.Contains(".symtab", Readelf(strippedDebug));
        Assert.True(EndsWith(shipped, SignatureMarker), $"{shipped} is expected to be signed");
        Assert.False(EndsWith(strippedAll, SignatureMarker));
        Assert.False(EndsWith(strippedDebug, SignatureMarker));

        var guest = new GuestInitramfs();
        guest.Files.AddFile("/strip-all/e1000e.ko", strippedAll).AddFile("/strip-debug/e1000e.ko", strippedDebug);
        guest.WriteCpio(scratch.File("guest.cpio"), $$"""
            dmesg -c > /dev/null
            for v in all debug; do
              out=$(insmod /strip-$v/e1000e.ko 2>&1); ndtest ${v}_rc=$?; ndtest ${v}_insmod=$out
              dmesg -c | while read -r line; do ndtest ${v}_dmesg=$line; done
            done
            {{GuestScript.WaitUntil("[ -e /sys/class/net/eth0 ]")}}
            ndtest eth0_driver=$(basename "$(readlink /sys/class/net/eth0/device/driver)")
            ndtest tainted=$(cat /proc/sys/kernel/tainted)
            ndtest done
            """);

        var result = Bench.Boot(new VmBootRequest(kernel, scratch.File("guest.cpio")) { Nic = VmNic.E1000e }).EnsureDone();

        Assert.NotEqual("0", result.Marker("all_rc"));
        Assert.Contains(result.MarkerValues("all_dmesg"), l => l.Contains("e1000e: module has no symbols (stripped?)", StringComparison.Ordinal));
        Assert.Equal("0", result.Marker("debug_rc"));
        Assert.Equal("e1000e", result.Marker("eth0_driver"));
        // Without lockdown or module.sig_enforce the kernel only taints for the missing signature.
        Assert.Contains(result.MarkerValues("debug_dmesg"), l => l.Contains("module verification failed: signature and/or required key missing", StringComparison.Ordinal));
        Assert.NotEqual(0, int.Parse(result.Marker("tainted")!, System.Globalization.CultureInfo.InvariantCulture) & TaintUnsignedModule);
    }

    private static string Readelf(string path) => ExternalTool.Run("readelf", ["-S", "-W", path]).Stdout;

    private static bool EndsWith(string path, string marker)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes.AsSpan().EndsWith(Encoding.ASCII.GetBytes(marker));
    }
}
