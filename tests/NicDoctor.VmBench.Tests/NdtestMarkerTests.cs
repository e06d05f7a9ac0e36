namespace NicDoctor.VmBench.Tests;

/// <summary>How console lines become markers (no VM boot; the lines are ones seen on real boots).</summary>
[Trait("Category", "vm")]
public sealed class NdtestMarkerTests
{
    [Fact]
    public void First_line_after_SeaBIOS_screen_clear_is_still_a_marker()
    {
        // Exactly what QEMU's serial showed before the guest's first line (ESC c, ESC [?7l, ESC [2J).
        var marker = NdtestMarker.TryParse("\u001bc\u001b[?7l\u001b[2JNDTEST started=1\r", 7);

        Assert.Equal(new NdtestMarker("started", "1", 7), marker);
    }

    [Fact]
    public void Marker_after_the_screen_reset_on_SeaBIOS_s_last_line_is_a_marker()
    {
        // Seen in CI: no newline between SeaBIOS's last line and the kernel's screen reset.
        var marker = NdtestMarker.TryParse("Booting from ROM..\u001bc\u001b[?7l\u001b[2JNDTEST hook=conf.d", 3);

        Assert.Equal(new NdtestMarker("hook", "conf.d", 3), marker);
    }

    [Fact]
    public void Value_keeps_everything_after_the_first_equals_sign()
    {
        var marker = NdtestMarker.TryParse("NDTEST all_dmesg=[    4.671684] e1000e: module has no symbols (stripped?)", 0);

        Assert.Equal("all_dmesg", marker?.Key);
        Assert.Equal("[    4.671684] e1000e: module has no symbols (stripped?)", marker?.Value);
    }

    [Theory]
    [InlineData("NDTEST done", "done", "")]
    [InlineData("NDTEST eth0_pci_id=0x8086:0x10d3", "eth0_pci_id", "0x8086:0x10d3")]
    [InlineData("NDTEST empty=", "empty", "")]
    public void Marker_lines_parse_into_key_and_value(string line, string key, string value)
    {
        var marker = NdtestMarker.TryParse(line, 0);

        Assert.Equal((key, value), (marker?.Key, marker?.Value));
    }

    [Theory]
    [InlineData("[    4.822114] Run /init as init process")]
    [InlineData("+ echo NDTEST done")]
    [InlineData("NDTESTdone")]
    [InlineData("")]
    public void Other_console_lines_are_not_markers(string line) => Assert.Null(NdtestMarker.TryParse(line, 0));
}
