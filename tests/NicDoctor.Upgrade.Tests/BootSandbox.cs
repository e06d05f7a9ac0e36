using NicDoctor.Upgrade.Boot;

namespace NicDoctor.Upgrade.Tests;

/// <summary>
/// Boot loader configurations added to an upgrade sandbox: Debian's GRUB 2 as the real
/// grub-mkconfig generates it, or one of the real-format fixtures (RHEL 8 BLS, CentOS 6 grub.conf).
/// </summary>
internal static class BootSandbox
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "BootFixtures", name);

    /// <summary>
    /// Debian: the real /etc/grub.d/00_header and 10_linux of grub-common in ROOT/etc/grub.d, grub.cfg
    /// generated from them by the real grub-mkconfig, an empty grubenv from grub-editenv, the real vmlinuz.
    /// </summary>
    public static GrubMkconfigInNamespace AddDebianGrub(SandboxRoot root)
    {
        CopyKernel(root);
        Copy(Path.Combine(Fixture("debian12"), "etc/fstab"), Path.Join(root.Path, "etc/fstab"));
        foreach (string script in new[] { "00_header", "10_linux" })
            Copy($"/etc/grub.d/{script}", Path.Join(root.Path, "etc/grub.d", script));
        Directory.CreateDirectory(Path.Join(root.Path, "boot/grub"));
        ExternalTool.Ok("grub-editenv", Path.Join(root.Path, "boot/grub/grubenv"), "create");
        var runner = new GrubMkconfigInNamespace(root.Path);
        runner.Run(["update-grub"]);
        return runner;
    }

    /// <summary>A fixture's files (boot loader configuration, fstab, machine-id) copied into the root.</summary>
    public static void AddFixture(SandboxRoot root, string name)
    {
        CopyKernel(root);
        string from = Fixture(name);
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            string target = Path.Join(root.Path, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (new FileInfo(file).LinkTarget is { } link)
                File.CreateSymbolicLink(target, link);
            else
                File.Copy(file, target);
        }
    }

    private static void CopyKernel(SandboxRoot root) =>
        Copy($"/boot/vmlinuz-{SandboxRoot.Kernel}", Path.Join(root.Path, $"boot/vmlinuz-{SandboxRoot.Kernel}"));

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }
}

/// <summary>
/// update-grub for a sandbox root: the real grub-mkconfig, in a private mount namespace where the
/// sandbox's etc/grub.d is bind-mounted over /etc/grub.d (grub-mkconfig has no root option), its
/// output written to the sandbox's boot/grub/grub.cfg. 10_linux lists this machine's /boot, whose
/// kernel is the sandbox's. Any other command fails the test.
/// </summary>
internal sealed class GrubMkconfigInNamespace(string root) : ICommandRunner
{
    public List<string> Ran { get; } = [];

    public CommandResult Run(IReadOnlyList<string> arguments)
    {
        string command = string.Join(' ', arguments);
        Ran.Add(command);
        Assert.True(arguments[0] is "update-grub" or "grub-mkconfig", $"unexpected boot command on a sandbox: {command}");
        (int code, string stdout, string stderr) = ExternalTool.Run("unshare",
            ["-m", "sh", "-c", "mount --bind \"$1/etc/grub.d\" /etc/grub.d && exec grub-mkconfig", "sh", root]);
        Assert.True(code == 0, $"grub-mkconfig: exit {code}: {stderr}");
        string cfg = Path.Join(root, "boot/grub/grub.cfg");
        File.WriteAllText(cfg + ".new", stdout);
        File.Move(cfg + ".new", cfg, overwrite: true);
        return new CommandResult(0, "", stderr);
    }
}
