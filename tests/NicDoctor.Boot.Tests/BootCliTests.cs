using System.Text.Json;
using NicDoctor.VmBench;

namespace NicDoctor.Boot.Tests;

/// <summary>
/// <c>nicdoctor boot …</c> as a process on sandbox roots (fixtures, this machine's real kernel and
/// initrd): exit codes, JSON and text, and that a dry run or a refused change writes nothing.
/// </summary>
public sealed class BootCliTests
{
    private static readonly string Release = DebianKernel.Locate().Release;

    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => f, Tools.Sha256Sum);

    [Fact]
    public void Entries_json_lists_the_fixture_menu_with_default_and_next()
    {
        using var root = SandboxRoot.FromFixture("centos7");
        // The default entry's files are not in the fixture: exit 1 (the default would not boot).
        Assert.Equal(1, Tools.Nicdoctor("boot", "entries", "--root", root.Root, "--json").Code);
        root.CopyIn("/boot/vmlinuz-3.10.0-693.el7.x86_64", $"/boot/vmlinuz-{Release}");
        string initrd = root.CopyIn("/boot/initramfs-3.10.0-693.el7.x86_64.img", $"/boot/initrd.img-{Release}");

        var (code, stdout, stderr) = Tools.Nicdoctor("boot", "entries", "--root", root.Root, "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        JsonElement top = json.RootElement;
        Assert.Equal("/boot/grub2/grub.cfg", top.GetProperty("configFile").GetString());
        Assert.True(top.GetProperty("bootIsSeparate").GetBoolean());
        JsonElement[] entries = [.. top.GetProperty("entries").EnumerateArray()];
        // make-grubenv.sh: saved_entry by title, next_entry = the rescue entry (as grub2-reboot leaves it).
        JsonElement def = Assert.Single(entries, e => e.GetProperty("isDefault").GetBoolean());
        Assert.Equal("CentOS Linux (3.10.0-693.el7.x86_64) 7 (Core)", def.GetProperty("title").GetString());
        JsonElement next = Assert.Single(entries, e => e.GetProperty("isNext").GetBoolean());
        Assert.StartsWith("CentOS Linux (0-rescue-", next.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal("initrd16", def.GetProperty("initrdCommand").GetString());
        Assert.Equal(Tools.Sha256Sum(initrd), def.GetProperty("initrds")[0].GetProperty("sha256").GetString());
    }

    [Fact]
    public void Entries_text_on_an_empty_root_says_there_is_no_configuration()
    {
        using var root = SandboxRoot.Empty();

        var (code, stdout, _) = Tools.Nicdoctor("boot", "entries", "--root", root.Root);

        Assert.Equal(0, code);
        Assert.Contains("no GRUB configuration", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFallback_dry_run_on_rhel8_prints_the_bls_file_and_writes_nothing_then_the_real_run_writes_it()
    {
        using var root = SandboxRoot.FromFixture("rhel8");
        root.CopyIn("/boot/initramfs-4.18.0-553.el8_10.x86_64.img.bak", $"/boot/initrd.img-{Release}");
        root.CopyIn("/boot/vmlinuz-4.18.0-553.el8_10.x86_64", $"/boot/vmlinuz-{Release}");
        Dictionary<string, string> before = Snapshot(root.Root);
        const string File0 = "/boot/loader/entries/0f3c1a7e9b2d4c6e8a0b1c2d3e4f5a6b-4.18.0-553.el8_10.x86_64-nicdoctor-fallback.conf";

        var dry = Tools.Nicdoctor("boot", "add-fallback", "--root", root.Root, "--initrd", "/boot/initramfs-4.18.0-553.el8_10.x86_64.img.bak", "--dry-run");

        Assert.True(dry.Code == 0, dry.Stderr);
        Assert.Contains("plan (BlsFile), nothing changed", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains($"write {File0}", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("| initrd /initramfs-4.18.0-553.el8_10.x86_64.img.bak", dry.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(root.Root));

        var real = Tools.Nicdoctor("boot", "add-fallback", "--root", root.Root, "--initrd", "/boot/initramfs-4.18.0-553.el8_10.x86_64.img.bak");

        Assert.True(real.Code == 0, real.Stderr);
        Assert.Contains("initrd /initramfs-4.18.0-553.el8_10.x86_64.img.bak\n", File.ReadAllText(root.PathOf(File0)), StringComparison.Ordinal);
    }

    [Fact]
    public void AddFallback_on_a_debian_sandbox_refuses_to_run_update_grub_and_writes_nothing()
    {
        using var root = SandboxRoot.FromFixture("debian12");
        root.CopyIn("/boot/vmlinuz-6.1.0-56-amd64", $"/boot/vmlinuz-{Release}");
        root.CopyIn("/boot/initrd.img-6.1.0-56-amd64.bak", $"/boot/initrd.img-{Release}");
        Dictionary<string, string> before = Snapshot(root.Root);

        var (code, _, stderr) = Tools.Nicdoctor("boot", "add-fallback", "--root", root.Root, "--initrd", "/boot/initrd.img-6.1.0-56-amd64.bak");

        Assert.Equal(2, code);
        Assert.Contains("acts on the running system", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(before, Snapshot(root.Root));
    }

    [Fact]
    public void AddFallback_without_a_boot_menu_is_a_usage_error()
    {
        using var root = SandboxRoot.Empty();
        root.CopyIn("/boot/initrd.img.bak", $"/boot/initrd.img-{Release}");

        var (code, _, stderr) = Tools.Nicdoctor("boot", "add-fallback", "--root", root.Root, "--initrd", "/boot/initrd.img.bak", "--dry-run");

        Assert.Equal(2, code);
        Assert.Contains("no boot loader configuration", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovery_prints_the_grub_prompt_steps_with_the_hosts_paths_and_finds_the_backups()
    {
        using var root = SandboxRoot.FromFixture("centos7");
        root.Write("/boot/initramfs-3.10.0-693.el7.x86_64.img.nicdoctor-20261125T143000Z-i40e", "backup");

        var (code, stdout, stderr) = Tools.Nicdoctor("boot", "recovery", "--root", root.Root);

        Assert.True(code == 0, stderr);
        Assert.Contains("CentOS Linux (3.10.0-693.el7.x86_64) 7 (Core)", stdout, StringComparison.Ordinal);
        Assert.Contains("Ctrl-X", stdout, StringComparison.Ordinal);
        // /boot is its own file system on the fixture: GRUB reads /initramfs-…, not /boot/initramfs-….
        Assert.Contains("/initramfs-3.10.0-693.el7.x86_64.img.nicdoctor-20261125T143000Z-i40e", stdout, StringComparison.Ordinal);
        Assert.Contains("backups found: /boot/initramfs-3.10.0-693.el7.x86_64.img.nicdoctor-20261125T143000Z-i40e", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckImage_exit_codes_fits_refused_by_sha256_and_missing_file()
    {
        using GuestHostTree host = GuestHostTree.VirtioExt4(DebianKernel.Locate());
        string image = $"/boot/initrd.img-{Release}"; // Debian's own (MODULES=most): ext4 and virtio_blk inside

        var fits = Tools.Nicdoctor("boot", "check-image", image, "--root", host.Root, "-k", Release);
        var json = Tools.Nicdoctor("boot", "check-image", image, "--root", host.Root, "-k", Release, "--json");
        var wrongSha = Tools.Nicdoctor("boot", "check-image", image, "--root", host.Root, "-k", Release, "--sha256", new string('0', 64));
        var missing = Tools.Nicdoctor("boot", "check-image", "/nonexistent.img", "--root", host.Root, "-k", Release);

        Assert.True(fits.Code == 0, fits.Stdout + fits.Stderr);
        Assert.Contains("fits", fits.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, json.Code);
        Assert.True(JsonDocument.Parse(json.Stdout).RootElement.GetProperty("fits").GetBoolean());
        Assert.Equal(1, wrongSha.Code);
        Assert.Contains("does not fit", wrongSha.Stdout, StringComparison.Ordinal);
        Assert.Contains(Tools.Sha256Sum(image), wrongSha.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, missing.Code);
        Assert.Contains("/nonexistent.img: no such file", missing.Stderr, StringComparison.Ordinal);
    }
}
