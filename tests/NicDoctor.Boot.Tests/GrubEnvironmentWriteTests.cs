using System.Text;
using NicDoctor.Upgrade.Boot;

namespace NicDoctor.Boot.Tests;

/// <summary>The native grubenv write (trial boot's next_entry) is byte-identical to the real grub-editenv's.</summary>
public sealed class GrubEnvironmentWriteTests
{
    [Theory]
    [InlineData("debian12/boot/grub/grubenv", "gnulinux-simple-3f1b2c4d-nicdoctor-trial")] // empty block: appended
    [InlineData("rhel8/boot/grub2/grubenv", "0f3c1a7e9b2d4c6e8a0b1c2d3e4f5a6b-4.18.0-553.el8_10.x86_64-nicdoctor-trial")] // after kernelopts
    [InlineData("centos7/boot/grub2/grubenv", "CentOS Linux (3.10.0-693.el7.x86_64) 7 (Core) (nicdoctor trial: x)")] // next_entry replaced in place
    [InlineData("centos7/boot/grub2/grubenv", "")] // what GRUB's save_env leaves after a one-shot boot
    public void Set_next_entry_matches_grub_editenv_byte_for_byte(string fixture, string value)
    {
        using var root = SandboxRoot.Empty();
        string original = Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture);
        string expected = root.CopyIn("/expected", original);
        Tools.GrubEditenv(expected, "set", $"next_entry={value}");

        string written = GrubEnvironment.Set(Encoding.Latin1.GetString(File.ReadAllBytes(original)), "next_entry", value, fixture);

        Assert.Equal(File.ReadAllBytes(expected), Encoding.Latin1.GetBytes(written));
        Assert.Contains($"next_entry={value}\n", Tools.Run("grub-editenv", root.Write("/ours", Encoding.Latin1.GetBytes(written)), "list").Stdout);
    }

    [Fact]
    public void Unset_matches_grub_editenv_unset()
    {
        using var root = SandboxRoot.Empty();
        string original = Path.Combine(AppContext.BaseDirectory, "Fixtures", "centos7/boot/grub2/grubenv");
        string expected = root.CopyIn("/expected", original);
        Tools.GrubEditenv(expected, "unset", "next_entry");

        string written = GrubEnvironment.Unset(Encoding.Latin1.GetString(File.ReadAllBytes(original)), "next_entry");

        Assert.Equal(File.ReadAllBytes(expected), Encoding.Latin1.GetBytes(written));
    }
}
