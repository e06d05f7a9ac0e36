using System.Diagnostics;

namespace NicDoctor.VmBench;

/// <summary>
/// Boots a kernel and initramfs in <c>qemu-system-x86_64</c> with TCG (software emulation; KVM is
/// not relied on) and collects the serial console until QEMU exits or the hard timeout kills it.
/// </summary>
public static class QemuVm
{
    /// <summary>The emulator binary (Debian package qemu-system-x86).</summary>
    public const string QemuCommand = "qemu-system-x86_64";

    /// <summary>
    /// Boots <paramref name="request"/> and waits for QEMU to end. The guest ends the run by powering
    /// off or panicking (<c>panic=-1</c> plus <c>-no-reboot</c> turns a panic into an exit). Never
    /// throws for guest failures: check <see cref="VmBootResult.Done"/> or call <see cref="VmBootResult.EnsureDone"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">QEMU, the kernel or the initramfs is missing.</exception>
    public static VmBootResult Boot(VmBootRequest request)
    {
        var qemu = ExternalTool.Which(QemuCommand)
            ?? throw new FileNotFoundException($"{QemuCommand} not found (apt-get install qemu-system-x86)");
        foreach (var input in new[] { request.KernelPath, request.InitrdPath }.Concat(request.Drives))
        {
            if (!File.Exists(input))
                throw new FileNotFoundException($"{input}: not found", input);
        }

        var arguments = Arguments(request);
        var info = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);

        var lines = new List<string>();
        var stderr = new System.Text.StringBuilder();
        using var doneSeen = new ManualResetEventSlim();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (lines)
            {
                if (NdtestMarker.TryParse(e.Data, lines.Count)?.Key == NdtestMarker.DoneKey)
                    doneSeen.Set();
                lines.Add(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                    stderr.AppendLine(e.Data);
            }
        };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool timedOut = !WaitForEnd(process, doneSeen, request, clock);
        bool killed = !process.HasExited;
        if (killed)
            process.Kill(entireProcessTree: true);
        // The parameterless wait also drains the redirected output streams.
        process.WaitForExit();
        clock.Stop();

        string commandLine = QemuCommand + " " + string.Join(' ', arguments.Select(Quote));
        lock (lines)
        {
            return new VmBootResult(request, commandLine, [.. lines], stderr.ToString(),
                killed ? null : process.ExitCode, timedOut, clock.Elapsed);
        }
    }

    /// <summary>The QEMU arguments for <paramref name="request"/> (without the binary).</summary>
    public static IReadOnlyList<string> Arguments(VmBootRequest request)
    {
        var args = new List<string>
        {
            "-accel", "tcg",
            "-cpu", "max",
            "-m", request.MemoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-smp", "1",
            "-nographic",
            // No default NIC, VGA or monitor: the guest has only the devices asked for.
            "-nodefaults",
            "-serial", "stdio",
            "-no-reboot",
            "-kernel", request.KernelPath,
            "-initrd", request.InitrdPath,
            "-append", request.KernelCommandLine,
        };
        if (request.Nic != VmNic.None)
        {
            var model = request.Nic == VmNic.E1000e ? "e1000e" : "virtio-net-pci";
            // romfile= skips the iPXE boot ROM: we boot with -kernel, and it only costs time.
            args.AddRange(["-netdev", "user,id=n0", "-device", $"{model},netdev=n0,mac={request.NicMac},romfile="]);
        }
        // QEMU option values escape a comma by doubling it.
        foreach (var drive in request.Drives)
            args.AddRange(["-drive", $"file={drive.Replace(",", ",,", StringComparison.Ordinal)},format=raw,if=virtio"]);
        return args;
    }

    /// <summary>Waits until QEMU exits; returns false on timeout. After NDTEST done, waits only the shutdown grace.</summary>
    private static bool WaitForEnd(Process process, ManualResetEventSlim doneSeen, VmBootRequest request, Stopwatch clock)
    {
        TimeSpan? deadline = null;
        while (!process.WaitForExit(TimeSpan.FromMilliseconds(100)))
        {
            if (deadline is null && doneSeen.IsSet)
                deadline = clock.Elapsed + request.ShutdownGrace;
            if (clock.Elapsed >= request.Timeout)
                return false;
            // A guest that reported done but hangs in power-off is not a failure; just stop it.
            if (deadline is not null && clock.Elapsed >= deadline)
                return true;
        }
        return true;
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_=,./:".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";
}
