using NicDoctor.Nic.Text;

namespace NicDoctor.Nic.Tests;

/// <summary>The text parsers on the seed case's captures, on public captures, and on bad input.</summary>
public class TextParserTests
{
    private static T ParseFile<T>(string path, Func<TextReader, string, T> parse)
    {
        using var reader = new StreamReader(path);
        return parse(reader, Path.GetFileName(path));
    }

    private static string Seed(string name) => Path.Combine(TestPaths.SeedSample, name);

    [Fact]
    public void Seed_ethtool_i_gives_driver_firmware_and_bus()
    {
        DriverInfo d = ParseFile(Seed("ethtool_-i_eno3"), EthtoolDriverInfoParser.Parse);
        Assert.Equal("i40e", d.Driver);
        Assert.Equal("1.6.27-k", d.Version);
        Assert.Equal("3.33 0x80000f09 255.65535.255", d.FirmwareVersion);
        Assert.Equal("", d.ExpansionRomVersion);
        Assert.Equal("0000:1a:00.2", d.BusInfo);
    }

    [Fact]
    public void Seed_ethtool_settings_skip_the_non_root_complaint()
    {
        LinkSettings l = ParseFile(Seed("ethtool_eno3"), EthtoolSettingsParser.Parse);
        Assert.Equal(new LinkSettings(1000, "Full", "Twisted Pair", true, true), l);
    }

    [Fact]
    public void Seed_lspci_lists_the_six_ethernet_functions()
    {
        var fns = ParseFile(Seed("lspci"), LspciParser.Parse);
        Assert.Equal(6, fns.Count);
        PciFunction eno3 = fns[2];
        Assert.Equal("1a:00.2", eno3.Address);
        Assert.Equal("0000:1a:00.2", eno3.FullAddress);
        Assert.Equal("Ethernet controller", eno3.ClassName);
        Assert.Equal("Intel Corporation Ethernet Connection X722 for 1GbE", eno3.Description);
        Assert.Equal("09", eno3.Revision);
        Assert.Null(eno3.VendorId);
    }

    [Fact]
    public void Seed_statistics_hold_five_timed_snapshots()
    {
        var snaps = ParseFile(Seed("ethtool_-S_eno3"), EthtoolStatsParser.ParseAll);
        Assert.Equal(5, snaps.Count);
        Assert.Equal(new DateTimeOffset(2020, 11, 5, 16, 50, 1, TimeSpan.FromHours(8)), snaps[0].Time);
        Assert.Equal(new DateTimeOffset(2020, 11, 5, 16, 50, 9, TimeSpan.FromHours(8)), snaps[4].Time);
        Assert.Equal(["tx-44.tx_packets", "tx-44.tx_bytes", "rx-44.rx_packets", "rx-44.rx_bytes"], snaps[0].Names);
        Assert.Equal([222225UL, 222231, 222238, 222239, 222240], snaps.Select(s => s["tx-44.tx_packets"]!.Value));
        Assert.All(snaps, s => Assert.Equal(49882UL, s["rx-44.rx_packets"]));
    }

    [Fact]
    public void Bnxt_names_keep_their_inner_colon()
    {
        StatsSnapshot s = ParseFile(TestPaths.PublicFixture("ethtool_-S_bnxt_en"), EthtoolStatsParser.Parse);
        Assert.Equal(10198513532UL, s["[0]: rx_ucast_packets"]);
        Assert.Equal(2820769676UL, s["[11]: tx_ucast_packets"]);
        Assert.Null(s.Time);
    }

    [Fact]
    public void Vmxnet3_nested_names_keep_their_extra_indent()
    {
        StatsSnapshot s = ParseFile(TestPaths.PublicFixture("ethtool_-S_vmxnet3"), EthtoolStatsParser.Parse);
        Assert.Equal("Tx Queue#", s.Names[0]);
        Assert.Equal("  TSO pkts tx", s.Names[1]);
        Assert.Equal(161UL, s.Values[1]);
    }

    [Theory]
    [InlineData("NIC statistics:\n     rx_packets: 12\n     tx_packets: twelve\n", 3, "value 'twelve' is not an unsigned number")]
    [InlineData("     rx_packets: 12\n", 1, "expected 'NIC statistics:'")]
    [InlineData("NIC statistics:\n     rx_packets 12\n", 2, "expected 'name: value'")]
    [InlineData("### nicdoctor-sample 1 yesterday\nNIC statistics:\n", 1, "sample time 'yesterday' is not an ISO 8601 time")]
    [InlineData("NIC statistics:\n     a: 1\nNIC statistics:\n", 3, "second 'NIC statistics:' header")]
    [InlineData("", 1, "no 'NIC statistics:' block")]
    public void Bad_statistics_name_file_and_line(string text, int line, string what)
    {
        var ex = Assert.Throws<InvalidDataException>(() => EthtoolStatsParser.ParseAll(new StringReader(text), "ethtool_-S_eno3"));
        Assert.StartsWith($"ethtool_-S_eno3: line {line}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);
        Assert.Equal(line, ex.Data["Line"]);
    }

    [Fact]
    public void Ethtool_i_error_text_is_reported_with_its_line()
    {
        var ex = Assert.Throws<InvalidDataException>(() =>
            EthtoolDriverInfoParser.Parse(new StringReader("Cannot get driver information: Operation not supported\n"), "ethtool_-i_lo"));
        Assert.Equal("ethtool_-i_lo: line 1: ethtool reported an error: 'Cannot get driver information: Operation not supported'", ex.Message);
    }

    [Fact]
    public void Bad_channel_count_and_bad_lspci_line_are_reported_with_their_line()
    {
        var ex = Assert.Throws<InvalidDataException>(() => EthtoolChannelsParser.Parse(
            new StringReader("Channel parameters for eth0:\nPre-set maximums:\nRX:\t\tmany\n"), "ethtool_-l_eth0"));
        Assert.Equal("ethtool_-l_eth0: line 3: RX count 'many' is neither a number nor n/a", ex.Message);
        ex = Assert.Throws<InvalidDataException>(() => LspciParser.Parse(new StringReader("00:03.0 Ethernet controller: x\ngarbage\n"), "lspci"));
        Assert.StartsWith("lspci: line 2: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lspci_verbose_keeps_subsystem_and_driver()
    {
        const string text = """
            1a:00.2 Ethernet controller [0200]: Intel Corporation Ethernet Connection X722 for 1GbE [8086:37d1] (rev 09)
            	Subsystem: Huawei Technologies Co., Ltd. Device [19e5:d123]
            	Kernel driver in use: i40e
            	Kernel modules: i40e

            """;
        PciFunction f = Assert.Single(LspciParser.Parse(new StringReader(text), "lspci_-nnvv"));
        Assert.Equal(("8086", "37d1", "0200"), (f.VendorId, f.DeviceId, f.ClassId));
        Assert.Equal("Huawei Technologies Co., Ltd. Device [19e5:d123]", f.Subsystem);
        Assert.Equal("i40e", f.KernelDriver);
    }

    [Fact]
    public void This_machines_lspci_and_lspci_nn_list_every_pci_function_in_sysfs()
    {
        var plain = LspciParser.Parse(new StringReader(Tool.Output("lspci")), "lspci");
        var numeric = LspciParser.Parse(new StringReader(Tool.Output("lspci", "-nn")), "lspci -nn");
        var sysfs = Directory.GetFileSystemEntries("/sys/bus/pci/devices").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(sysfs, plain.Select(p => p.FullAddress).Order(StringComparer.Ordinal));
        Assert.Equal(sysfs, numeric.Select(p => p.FullAddress).Order(StringComparer.Ordinal));
        foreach (PciFunction f in numeric)
        {
            // lspci -nn's ids are sysfs's vendor/device files; its text is plain lspci's text.
            Assert.Equal("0x" + f.VendorId, File.ReadAllText($"/sys/bus/pci/devices/{f.FullAddress}/vendor").Trim());
            Assert.Equal("0x" + f.DeviceId, File.ReadAllText($"/sys/bus/pci/devices/{f.FullAddress}/device").Trim());
            PciFunction p = plain.Single(x => x.Address == f.Address);
            Assert.Equal((p.ClassName, p.Revision), (f.ClassName, f.Revision));
            // A device missing from pci.ids is "Device 0d57" in lspci but "Device [8086:0d57]" with -nn.
            Assert.Contains(p.Description, new[] { f.Description, $"{f.Description} {f.DeviceId}" });
        }
    }
}
