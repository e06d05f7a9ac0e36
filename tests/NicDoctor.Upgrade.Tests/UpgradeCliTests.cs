using System.Diagnostics;
using System.Text.Json;

namespace NicDoctor.Upgrade.Tests;

/// <summary>
/// plan, apply, status and rollback through the built CLI (a separate process, --json), with the
/// real host-fit check that apply runs by default. The image generator is nicdoctor's own repack
/// adding the module under updates/ with --depmod, so the image's index names the new file, as a
/// dracut or mkinitramfs rebuild after depmod would. One whose index still names the in-box file is
/// refused by that check, and nothing changes.
/// </summary>
public sealed class UpgradeCliTests : IDisposable
{
    private readonly SandboxRoot _root = SandboxRoot.Create();
    private readonly string _changeSet;

    public UpgradeCliTests() => _changeSet = _root.Path + ".cs";

    public void Dispose()
    {
        _root.Dispose();
        if (Directory.Exists(_changeSet))
            Directory.Delete(_changeSet, recursive: true);
    }

    private static string Nicdoctor => Path.Combine(AppContext.BaseDirectory, "nicdoctor.dll");

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [Nicdoctor, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(psi)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    private (int Code, string Stdout, string Stderr) Plan(string generator) => Run(
        "upgrade", "plan", "-m", SandboxRoot.RebuiltE1000e(), "-o", _changeSet, "--root", _root.Path, "-k", SandboxRoot.Kernel,
        "--iface", "eth0", "--image-generator", generator, "--json");

    private static string[] Notes(string applyJson)
    {
        using var json = JsonDocument.Parse(applyJson);
        return [.. json.RootElement.GetProperty("result").GetProperty("notes").EnumerateArray().Select(n => n.GetString()!)];
    }

    [Fact]
    public void Plan_apply_status_rollback_with_the_real_host_fit_check_restores_every_byte()
    {
        Dictionary<string, string> before = _root.Snapshot();
        var plan = Plan($"dotnet {Nicdoctor} initramfs repack {{current}} {{new}} --add {{module}}=usr/lib/modules/{{kver}}/updates/e1000e.ko --depmod");
        Assert.True(plan.Code == 0, plan.Stdout + plan.Stderr);
        using (var json = JsonDocument.Parse(plan.Stdout))
            Assert.Contains(json.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "boot-image");

        var apply = Run("upgrade", "apply", _changeSet, "--root", _root.Path, "--json");
        Assert.True(apply.Code == 0, apply.Stdout + apply.Stderr);
        string[] notes = Notes(apply.Stdout);
        Assert.Contains(notes, n => n.StartsWith("host-fit: info new-driver:", StringComparison.Ordinal)
            && n.Contains($"modules.dep names updates/e1000e.ko", StringComparison.Ordinal) && n.Contains(SandboxRoot.RebuiltSrcversion, StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("host-fit: info lost-module: every module", StringComparison.Ordinal));
        Assert.NotEqual(before[$"boot/initrd.img-{SandboxRoot.Kernel}"], _root.Snapshot()[$"boot/initrd.img-{SandboxRoot.Kernel}"]);

        var status = Run("upgrade", "status", "--root", _root.Path, "--json");
        Assert.Equal(0, status.Code);
        using (var json = JsonDocument.Parse(status.Stdout))
            Assert.Equal("applied", Assert.Single(json.RootElement.GetProperty("changes").EnumerateArray()).GetProperty("state").GetString());

        var rollback = Run("upgrade", "rollback", _changeSet, "--root", _root.Path, "--json");
        Assert.True(rollback.Code == 0, rollback.Stdout + rollback.Stderr);
        Assert.Equal(before, _root.Snapshot());
    }

    [Fact]
    public void An_image_whose_index_still_loads_the_old_driver_is_refused_and_nothing_changes()
    {
        // The generator the sandbox tests use: the module copied into an early cpio, the index not updated.
        string generator = Path.Join(_root.Path + ".gen.sh");
        File.WriteAllText(generator, SandboxRoot.PrependGenerator[2] + "\n");
        try
        {
            Dictionary<string, string> before = _root.Snapshot();
            var plan = Plan($"sh {generator} {{kver}} {{module}} {{new}} {{current}}");
            Assert.True(plan.Code == 0, plan.Stdout + plan.Stderr);

            var apply = Run("upgrade", "apply", _changeSet, "--root", _root.Path, "--json");

            Assert.Equal(1, apply.Code);
            Assert.Contains("early boot would load the old driver", apply.Stdout + apply.Stderr, StringComparison.Ordinal);
            Assert.Contains($"modules.dep names {SandboxRoot.E1000eRelative}", apply.Stdout + apply.Stderr, StringComparison.Ordinal);
            Assert.Equal(before, _root.Snapshot());
        }
        finally
        {
            File.Delete(generator);
        }
    }
}
