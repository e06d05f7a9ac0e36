namespace NicDoctor.VmBench.Tests;

/// <summary>How the bench reports guests that do not finish: no "NDTEST done", or no end at all.</summary>
[Trait("Category", "vm")]
public sealed class VmFailureTests
{
    [Fact]
    public void Guest_that_powers_off_without_done_fails_with_its_last_console_lines()
    {
        var kernel = Bench.Kernel;
        using var scratch = new ScratchDirectory();
        new GuestInitramfs().WriteCpio(scratch.File("guest.cpio"), "ndtest reached=before-poweroff");

        var result = Bench.Boot(new VmBootRequest(kernel, scratch.File("guest.cpio")));

        Assert.False(result.Done);
        Assert.False(result.TimedOut);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("before-poweroff", result.Marker("reached"));
        var e = Assert.Throws<VmBootException>(() => result.EnsureDone());
        Assert.Contains("did not print 'NDTEST done'", e.Message, StringComparison.Ordinal);
        Assert.Contains("QEMU exited with code 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("NDTEST reached=before-poweroff", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hung_guest_is_killed_at_the_timeout_and_reported_with_the_last_50_lines()
    {
        var kernel = Bench.Kernel;
        using var scratch = new ScratchDirectory();
        var initrd = scratch.File("hang.cpio");
        new GuestInitramfs().WriteCpio(initrd, "while :; do sleep 1; done");

        // Not quiet: the kernel's boot messages give the console more than 50 lines before the timeout.
        var result = Bench.Boot(new VmBootRequest(kernel, initrd) { Timeout = TimeSpan.FromSeconds(20), Quiet = false });

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.True(result.Elapsed >= TimeSpan.FromSeconds(20));
        Assert.Empty(QemuProcessesUsing(initrd));
        var e = Assert.Throws<VmBootException>(() => result.EnsureDone());
        Assert.Contains("killed after the 20 s timeout", e.Message, StringComparison.Ordinal);
        Assert.True(result.ConsoleLines.Count > VmBootResult.FailureTailLines, $"only {result.ConsoleLines.Count} console lines");
        var tail = result.ConsoleLines.TakeLast(VmBootResult.FailureTailLines).ToList();
        Assert.EndsWith("last 50 console lines:\n" + string.Join('\n', tail), e.Message, StringComparison.Ordinal);
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
