namespace NicDoctor.VmBench.Tests;

/// <summary>Shared inputs of the VM tests: the installed Debian kernel (packages installed once when missing).</summary>
internal static class Bench
{
    private static readonly Lazy<DebianKernel> LazyKernel = new(() =>
    {
        HostPrerequisites.Ensure(HostPrerequisites.VmBoot);
        return DebianKernel.Locate();
    });

    public static DebianKernel Kernel => LazyKernel.Value;

    /// <summary>Boots and returns the result; the test output gets the timing and the full console on failure.</summary>
    public static VmBootResult Boot(VmBootRequest request)
    {
        var result = QemuVm.Boot(request);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"boot took {result.Elapsed.TotalSeconds:0.0} s (exit {result.ExitCode?.ToString() ?? "killed"}): {result.QemuCommandLine}");
        TestContext.Current.TestOutputHelper?.WriteLine(result.SerialLog);
        return result;
    }
}

/// <summary>A scratch directory for one test, removed afterwards.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory() => Path = Directory.CreateTempSubdirectory("nicdoctor-vmtest-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
