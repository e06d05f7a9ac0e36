using NicDoctor.Upgrade.Boot;

namespace NicDoctor.Boot.Tests;

/// <summary>
/// Reading real-format boot configurations (fixtures in Fixtures/, see Fixtures/SOURCES.md) in a
/// sandbox root; hashes cross-checked with sha256sum, grubenv written by the real grub-editenv.
/// </summary>
public sealed class BootConfigReaderTests
{
    // The release the fixture grub.cfg names; this machine's installed kernel supplies the files.
    private const string DebianRelease = "6.1.0-56-amd64";
    private static readonly string InstalledRelease = NicDoctor.VmBench.DebianKernel.Locate().Release;
    private const string DebianUuid = "3f1b2c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d";

    [Fact]
    public void Debian_grub_cfg_lists_the_top_entry_then_the_submenu_entries_with_real_kernel_and_initrd_hashes()
    {
        using var root = SandboxRoot.FromFixture("debian12");
        // This machine's real Debian kernel and initramfs stand in for the fixture host's.
        string vmlinuz = root.CopyIn($"/boot/vmlinuz-{DebianRelease}", $"/boot/vmlinuz-{InstalledRelease}");
        string initrd = root.CopyIn($"/boot/initrd.img-{DebianRelease}", $"/boot/initrd.img-{InstalledRelease}");

        BootConfiguration config = BootConfigReader.Read(root.Root);

        Assert.Equal(BootLoaderFlavor.Grub2, config.Flavor);
        Assert.Equal("/boot/grub/grub.cfg", config.ConfigFile);
        Assert.False(config.BootIsSeparate);
        Assert.Equal(["0", "1>0", "1>1", "1>2"], config.Entries.Select(e => e.MenuPath));
        Assert.Equal("Debian GNU/Linux", config.Entries[0].Title);
        Assert.Equal($"gnulinux-simple-{DebianUuid}", config.Entries[0].Id);
        Assert.Equal(["Advanced options for Debian GNU/Linux"], config.Entries[2].Submenus);
        Assert.Equal("Debian GNU/Linux, with Linux 6.1.0-56-amd64 (recovery mode)", config.Entries[2].Title);
        Assert.Equal($"root=UUID={DebianUuid} ro single", config.Entries[2].Options);
        Assert.Equal("hd0,msdos1", config.Entries[0].GrubDevice);

        BootEntry first = config.Entries[0];
        Assert.True(first.IsDefault);
        Assert.Same(first, config.Default);
        Assert.Null(config.Next);
        Assert.Equal(DebianRelease, first.KernelRelease);
        Assert.Equal($"/boot/vmlinuz-{DebianRelease}", first.Kernel!.HostPath);
        Assert.True(first.Kernel.Exists);
        Assert.Equal(Tools.Sha256Sum(vmlinuz), first.Kernel.Sha256);
        Assert.Equal(new FileInfo(vmlinuz).Length, first.Kernel.Size);
        BootFile image = Assert.Single(first.Initrds);
        Assert.Equal(Tools.Sha256Sum(initrd), image.Sha256);

        // The older kernel's files are gone from /boot: still listed, marked missing.
        BootEntry old = config.Entries[3];
        Assert.False(old.Kernel!.Exists);
        Assert.Null(old.Kernel.Sha256);
        Assert.False(old.Initrds[0].Exists);
    }

    [Fact]
    public void Debian_next_entry_set_like_grub_reboot_names_a_submenu_entry_by_id_chain()
    {
        using var root = SandboxRoot.FromFixture("debian12");
        string env = root.PathOf("/boot/grub/grubenv");
        Tools.GrubEditenv(env, "set", $"next_entry=gnulinux-advanced-{DebianUuid}>gnulinux-6.1.0-18-amd64-advanced-{DebianUuid}");

        BootConfiguration config = BootConfigReader.Read(root.Root, hashFiles: false);

        Assert.Equal("/boot/grub/grubenv", config.GrubEnvFile);
        Assert.Equal("1>2", config.Next!.MenuPath);
        Assert.Equal("0", config.Default!.MenuPath);
    }

    [Fact]
    public void Centos7_separate_boot_partition_paths_resolve_under_boot_and_saved_and_next_entries_match_titles()
    {
        using var root = SandboxRoot.FromFixture("centos7");
        root.Write("/boot/vmlinuz-3.10.0-693.el7.x86_64", "kernel");
        string initrd = root.Write("/boot/initramfs-3.10.0-693.el7.x86_64.img", "image");

        BootConfiguration config = BootConfigReader.Read(root.Root);

        Assert.Equal(BootLoaderFlavor.Grub2, config.Flavor);
        Assert.True(config.BootIsSeparate);
        Assert.Equal(2, config.Entries.Count);
        BootEntry main = config.Entries[0];
        Assert.Equal("/vmlinuz-3.10.0-693.el7.x86_64", main.Kernel!.LoaderPath);
        Assert.Equal("/boot/vmlinuz-3.10.0-693.el7.x86_64", main.Kernel.HostPath);
        Assert.Equal("3.10.0-693.el7.x86_64", main.KernelRelease);
        Assert.Equal(Tools.Sha256Sum(initrd), main.Initrds[0].Sha256);
        Assert.StartsWith("root=/dev/mapper/centos-root ro crashkernel=auto", main.Options, StringComparison.Ordinal);
        Assert.Equal("${saved_entry}", config.DefaultSetting);
        Assert.Equal("CentOS Linux (3.10.0-693.el7.x86_64) 7 (Core)", config.SavedEntry);
        Assert.True(main.IsDefault);
        Assert.True(config.Entries[1].IsNext);
        Assert.Contains("0-rescue", config.Next!.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Centos6_grub_legacy_conf_with_root_device_and_default_index()
    {
        using var root = SandboxRoot.FromFixture("centos6");
        root.Write("/boot/initramfs-2.6.32-754.el6.x86_64.img", "older image");

        BootConfiguration config = BootConfigReader.Read(root.Root);

        Assert.Equal(BootLoaderFlavor.GrubLegacy, config.Flavor);
        Assert.Equal("/boot/grub/grub.conf", config.ConfigFile);
        Assert.Equal(["CentOS 6 (2.6.32-754.35.1.el6.x86_64)", "CentOS 6 (2.6.32-754.el6.x86_64)"], config.Entries.Select(e => e.Title));
        Assert.True(config.Entries[0].IsDefault);
        Assert.Equal("(hd0,0)", config.Entries[0].GrubDevice);
        Assert.Equal("/boot/vmlinuz-2.6.32-754.35.1.el6.x86_64", config.Entries[0].Kernel!.HostPath);
        Assert.StartsWith("ro root=/dev/mapper/VolGroup-lv_root rd_NO_LUKS", config.Entries[0].Options, StringComparison.Ordinal);
        Assert.True(config.Entries[1].Initrds[0].Exists);
        Assert.Equal(["0", "1"], config.Entries.Select(e => e.MenuPath));
    }

    [Fact]
    public void Rhel8_blscfg_entries_newest_first_with_kernelopts_from_grubenv_and_saved_entry_by_file_id()
    {
        using var root = SandboxRoot.FromFixture("rhel8");

        BootConfiguration config = BootConfigReader.Read(root.Root, hashFiles: false);

        Assert.Equal(BootLoaderFlavor.Grub2Bls, config.Flavor);
        Assert.Equal("/boot/loader/entries", config.EntriesDirectory);
        Assert.Equal(
            ["4.18.0-553.el8_10.x86_64", "4.18.0-513.24.1.el8_9.x86_64", "0-rescue-0f3c1a7e9b2d4c6e8a0b1c2d3e4f5a6b"],
            config.Entries.Select(e => e.Version));
        BootEntry newest = config.Entries[0];
        Assert.Equal("0f3c1a7e9b2d4c6e8a0b1c2d3e4f5a6b-4.18.0-553.el8_10.x86_64", newest.Id);
        Assert.True(newest.IsDefault);
        Assert.Equal("root=/dev/mapper/rhel-root ro crashkernel=auto resume=/dev/mapper/rhel-swap rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap rhgb quiet", newest.Options);
        // "$tuned_initrd" is empty (grub.cfg's 00_tuned), so only the real image remains.
        Assert.Equal(["/initramfs-4.18.0-553.el8_10.x86_64.img"], newest.Initrds.Select(i => i.LoaderPath));
        Assert.Equal("/boot/initramfs-4.18.0-553.el8_10.x86_64.img", newest.Initrds[0].HostPath);
        Assert.Equal("/boot/loader/entries/0f3c1a7e9b2d4c6e8a0b1c2d3e4f5a6b-4.18.0-553.el8_10.x86_64.conf", newest.ConfigFile);
        Assert.Equal("hd0,msdos1", newest.GrubDevice);
    }

    [Fact]
    public void Paths_are_found_when_the_mount_table_misleads_about_a_separate_boot()
    {
        using var root = SandboxRoot.FromFixture("rhel8");
        File.Delete(root.PathOf("/etc/fstab"));
        root.Write("/boot/vmlinuz-4.18.0-553.el8_10.x86_64", "kernel");

        BootConfiguration config = BootConfigReader.Read(root.Root, hashFiles: false);

        Assert.False(config.BootIsSeparate);
        Assert.Equal("/boot/vmlinuz-4.18.0-553.el8_10.x86_64", config.Entries[0].Kernel!.HostPath);
        Assert.True(config.Entries[0].Kernel!.Exists);
    }

    [Fact]
    public void A_root_without_any_boot_loader_configuration_says_so()
    {
        using var root = SandboxRoot.Empty();
        BootConfiguration config = BootConfigReader.Read(root.Root);
        Assert.Equal(BootLoaderFlavor.None, config.Flavor);
        Assert.Empty(config.Entries);
        Assert.Contains(config.Notes, n => n.Contains("no GRUB configuration", StringComparison.Ordinal));
    }

    [Fact]
    public void A_grubenv_without_the_grub_header_is_refused_naming_the_file_and_line()
    {
        using var root = SandboxRoot.FromFixture("debian12");
        root.Write("/boot/grub/grubenv", "saved_entry=0\n");
        var e = Assert.Throws<InvalidDataException>(() => BootConfigReader.Read(root.Root));
        Assert.Equal("/boot/grub/grubenv: line 1: not a GRUB environment block (expected '# GRUB Environment Block')", e.Message);
    }

    [Fact]
    public void Grubenv_written_by_grub_editenv_reads_back_values_with_spaces_and_equals_signs()
    {
        using var root = SandboxRoot.Empty();
        string file = root.PathOf("grubenv");
        Tools.GrubEditenv(file, "create");
        Tools.GrubEditenv(file, "set", "kernelopts=root=UUID=1 ro quiet", "saved_entry=a>b");
        GrubEnvironment env = GrubEnvironment.Parse(File.ReadAllText(file), "grubenv");
        Assert.Equal("root=UUID=1 ro quiet", env.Get("kernelopts"));
        Assert.Equal("a>b", env.SavedEntry);
        Assert.Null(env.NextEntry);
        Assert.Equal(1024, new FileInfo(file).Length);
    }
}
