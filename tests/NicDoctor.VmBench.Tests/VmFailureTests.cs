namespace NicDoctor.VmBench.Tests;

/// <summary>How the bench reports guests that do not finish: no "NDTEST done", or no end at all.</summary>
[Trait("Category", "vm")]
public sealed class VmFailureTests
{
    [Fact]
    public void Guest_that_powers_off_without_done_fails_with_its_last_50_console_lines()
    {
        var kernel = Bench.Kernel;
        using var scratch = new ScratchDirectory();
        // 60 numbered lines, so the first ones fall outside the 50-line tail of the failure message.
        new GuestInitramfs().WriteCpio(scratch.File("guest.cpio"), """
            for i in $(seq -w 1 60); do ndtest line=0$i; done
            ndtest reached=before-poweroff
            """);

        var result = Bench.Boot(new VmBootRequest(kernel, scratch.File("guest.cpio")));

        Assert.False(result.Done);
        Assert.False(result.TimedOut);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(60, result.MarkerValues("line").Count);
        Assert.Equal("before-poweroff", result.Marker("reached"));
        var e = Assert.Throws<VmBootException>(() => result.EnsureDone());
        Assert.Contains("did not print 'NDTEST done'", e.Message, StringComparison.Ordinal);
        Assert.Contains("QEMU exited with code 0", e.Message, StringComparison.Ordinal);
        var tail = result.ConsoleLines.TakeLast(VmBootResult.FailureTailLines).ToList();
        Assert.EndsWith("last 50 console lines:\n" + string.Join('\n', tail), e.Message, StringComparison.Ordinal);
        Assert.Contains("NDTEST reached=before-poweroff", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("NDTEST line=001", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hung_guest_is_killed_at_the_timeout_and_reported()
    {
        var kernel = Bench.Kernel;
        using var scratch = new ScratchDirectory();
        var initrd = scratch.File("hang.cpio");
        new GuestInitramfs().WriteCpio(initrd, "while :; do sleep 1; done");

        var result = Bench.Boot(new VmBootRequest(kernel, initrd) { Timeout = TimeSpan.FromSeconds(20) });

        // How far the guest got in 20 s depends on the machine's load; the reporting must not.
        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.True(result.Elapsed >= TimeSpan.FromSeconds(20));
        Assert.Empty(QemuProcessesUsing(initrd));
        var e = Assert.Throws<VmBootException>(() => result.EnsureDone());
        Assert.Contains("QEMU was killed after the 20 s timeout", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(" console lines:\n" + string.Join('\n', result.LastLines()), e.Message, StringComparison.Ordinal);
    }

    /// <summary>Process ids whose command line mentions <paramref name="path"/> (a leftover QEMU would).</summary>
    private static List<int> QemuProcessesUsing(string path) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0, Dir: d))
            .Where(p => p.Pid > 0 && ReadCommandLine(p.Dir).Contains(path, StringComparison.Ordinal))
            .Select(p => p.Pid)
            .ToList();

    private static string ReadCommandLine(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "cmdline"));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
