using System.Diagnostics;

namespace NicDoctor.KernelModules.Tests;

/// <summary>The built <c>nicdoctor module …</c> commands, run as a process, against kmod's modinfo.</summary>
public sealed class ModuleCliTests
{
    private static (int Code, string Stdout, string Stderr) Nicdoctor(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "nicdoctor.dll"));
        foreach (string a in args)
            start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        using Process process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    [Theory]
    [InlineData("i40e")]
    [InlineData("unix")]
    [InlineData("pci:v00008086d0000158Bsv00000000sd00000000bc02sc00i00")]
    [InlineData("e1000e", "-F", "parm")]
    [InlineData("ixgbe", "-p")]
    [InlineData("dummy", "-0")]
    [InlineData("i40e", "-n")]
    [InlineData("unix", "-F", "name")]
    // Built-in modules: fields from modules.builtin.modinfo, like `modinfo -F version tpm` on this kernel.
    [InlineData("tpm", "-F", "version")]
    [InlineData("tpm", "-F", "filename")]
    [InlineData("tpm_tis", "-F", "parm")]
    [InlineData("tpm_tis", "-0")]
    [InlineData("xz_dec", "-F", "license")]
    public void InfoByNameMatchesModinfo(string name, params string[] options)
    {
        string[] args = ["-k", DebianKernel.Release, .. options, name];
        string expected = RealTools.Run("modinfo", args);
        var (code, stdout, stderr) = Nicdoctor("/", ["module", "info", .. args]);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        ModinfoParityTests.AssertSameText(expected, stdout);
    }

    [Fact]
    public void RelativeFileNameIsShownAbsoluteLikeKmod()
    {
        string directory = Path.GetDirectoryName(DebianKernel.Module("dummy"))!;
        string expected = RealTools.Run("modinfo", ["./dummy.ko"], directory);
        var (code, stdout, _) = Nicdoctor(directory, "module", "info", "./dummy.ko");
        Assert.Equal(0, code);
        ModinfoParityTests.AssertSameText(expected, stdout);
    }

    [Fact]
    public void UnknownNameIsAnInputError()
    {
        var (code, stdout, stderr) = Nicdoctor("/", "module", "info", "-k", DebianKernel.Release, "no_such_module_xyz");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("Module no_such_module_xyz not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void InfoJsonListsFieldsInModinfoOrder()
    {
        var (code, stdout, _) = Nicdoctor("/", "--json", "module", "info", DebianKernel.Module("dummy"));
        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var fields = doc.RootElement.GetProperty("modules")[0].GetProperty("fields").EnumerateArray()
            .Select(f => f.GetProperty("key").GetString()).ToList();
        var expected = RealTools.Run("modinfo", [DebianKernel.Module("dummy")]).Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('\t') && !l.StartsWith("filename:", StringComparison.Ordinal) && !l.StartsWith("parm:", StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToList();
        Assert.Equal(expected, fields.Where(k => k is not "parm" and not "parmtype"));
    }

    [Fact]
    public void StripOfSignedModuleWarnsAndCheckAgrees()
    {
        string dir = TestArtifacts.ScratchDirectory();
        string output = Path.Join(dir, "dummy.ko");
        var (code, _, stderr) = Nicdoctor(dir, "module", "strip", DebianKernel.Module("dummy"), "-o", output);
        Assert.Equal(0, code);
        Assert.Contains("was signed; the signature no longer matches and was removed", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sig_id", RealTools.Run("modinfo", [output]), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir, ".*.tmp"));

        var check = Nicdoctor(dir, "module", "check", output, "--kernel", DebianKernel.Release);
        Assert.Equal(0, check.Code);
        Assert.Contains("dummy: module verification failed: signature and/or required key missing - tainting kernel", check.Stdout.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckOfPlainStrippedModuleExitsOne()
    {
        string dir = TestArtifacts.ScratchDirectory();
        string stripped = Path.Join(dir, "dummy.ko");
        RealTools.Run("strip", ["-o", stripped, DebianKernel.Module("dummy")]);
        var (code, stdout, _) = Nicdoctor(dir, "--json", "module", "check", stripped, "--kernel", DebianKernel.Release);
        Assert.Equal(1, code);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.False(doc.RootElement.GetProperty("loads").GetBoolean());
        Assert.Equal("dummy: module has no symbols (stripped?)", doc.RootElement.GetProperty("findings")[0].GetProperty("kernelMessage").GetString());
    }
}
