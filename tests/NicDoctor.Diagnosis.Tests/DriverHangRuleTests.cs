using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Evidence.Sources;

namespace NicDoctor.Diagnosis.Tests;

/// <summary>
/// The driver hang rules (Knowledge/tx-hangs.json) fire on real log lines published with real
/// incidents, read through the real KernelLog engine; each rule fires on its driver only.
/// </summary>
public class DriverHangRuleTests
{
    // gislab-npo/gislab issue #407 (e1000e 0000:00:19.0, 2.6-era Ubuntu kernel), first dump verbatim.
    // https://github.com/gislab-npo/gislab/issues/407
    private const string E1000eLog = """
        [ 9327.470501] e1000e 0000:00:19.0 eth0: Detected Hardware Unit Hang:
        [ 9327.470501]   TDH                  <13>
        [ 9327.470501]   TDT                  <88>
        [ 9327.470501]   next_to_use          <88>
        [ 9327.470501]   next_to_clean        <7>
        [ 9327.470501] buffer_info[next_to_clean]:
        [ 9327.470501]   time_stamp           <100227358>
        [ 9327.470501]   next_to_watch        <13>
        [ 9327.470501]   jiffies              <100227517>
        [ 9327.470501]   next_to_watch.status <0>
        [ 9327.470501] MAC Status             <80083>
        [ 9327.470501] PHY Status             <796d>
        [ 9327.470501] PHY 1000BASE-T Status  <3c00>
        [ 9327.470501] PHY Extended Status    <3000>
        [ 9327.470501] PCI Status             <10>

        """;

    // Avnu/OpenAvnu issue #210: igb logs the dump with dev_err, so only the PCI address names the port.
    // https://github.com/Avnu/OpenAvnu/issues/210
    private const string IgbLog = """
        May  6 19:48:34 workstation kernel: [   82.771627] igb: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX/TX
        May  6 19:48:46 workstation kernel: [   95.178723] igb 0000:09:00.0: Detected Tx Unit Hang
        May  6 19:48:46 workstation kernel: [   95.178723]   Tx Queue             <1>
        May  6 19:48:46 workstation kernel: [   95.178723]   TDH                  <0>
        May  6 19:48:46 workstation kernel: [   95.178723]   TDT                  <1>
        May  6 19:48:46 workstation kernel: [   95.178723]   next_to_use          <1>
        May  6 19:48:46 workstation kernel: [   95.178723]   next_to_clean        <0>
        May  6 19:48:46 workstation kernel: [   95.178723] buffer_info[next_to_clean]
        May  6 19:48:46 workstation kernel: [   95.178723]   time_stamp           <ffff358a>
        May  6 19:48:46 workstation kernel: [   95.178723]   next_to_watch        <ffff880402c90000>
        May  6 19:48:46 workstation kernel: [   95.178723]   jiffies              <ffff379e>
        May  6 19:48:46 workstation kernel: [   95.178723]   desc.status          <558000>

        """;

    [Fact]
    public void E1000e_hardware_unit_hang_from_a_real_report_gives_the_e1000e_rule()
    {
        DiagnosisReport report = Diagnose(("dmesg", E1000eLog), ("ethtool_-i_eth0", "driver: e1000e\nversion: 2.3.2-k\nfirmware-version: 0.13-4\nbus-info: 0000:00:19.0\n"));
        Finding f = Assert.Single(report.Findings, x => x.Id == "ND0201");
        Assert.Equal("eth0", f.Subject);
        Assert.Contains(f.Evidence, e => e.Source == "dmesg" && e.Line == 1 && e.Text.EndsWith("eth0: Detected Hardware Unit Hang:", StringComparison.Ordinal));
        Assert.Contains("ethtool -k eth0", f.Next);
        Assert.DoesNotContain(report.Findings, x => x.Id is "ND0202" or "ND0203" or "ND0204");
    }

    [Fact]
    public void Igb_tx_unit_hang_from_a_real_report_is_tied_to_its_interface_by_pci_address()
    {
        DiagnosisReport report = Diagnose(("dmesg", IgbLog), ("ethtool_-i_eth0", "driver: igb\nversion: 5.0.5-k\nfirmware-version: 1.63, 0x800009fa\nbus-info: 0000:09:00.0\n"));
        Finding f = Assert.Single(report.Findings, x => x.Id == "ND0202");
        Assert.Equal("eth0: igb Detected Tx Unit Hang on queue 1 — the adapter is reset", f.Title);
        Assert.Contains("grep eth0 /proc/interrupts", f.Next);
        Assert.DoesNotContain(report.Findings, x => x.Id is "ND0201" or "ND0203" or "ND0204");
    }

    [Fact]
    public void Mlx5_and_bnxt_timeouts_in_the_drivers_own_words_give_their_rules()
    {
        // Built from the drivers' format strings (en/reporter_tx.c mlx5e_tx_reporter_timeout(),
        // bnxt.c bnxt_tx_timeout()); no public log with every field was at hand.
        const string log = """
            [1000.000001] mlx5_core 0000:3b:00.0 ens1f0: TX timeout on queue: 5, SQ: 0x11c, CQ: 0x4a9, SQ Cons: 0x2b4 SQ Prod: 0x2c9, usecs since last trans: 16392000
            [1000.000002] bnxt_en 0000:5e:00.0 ens2f0np0: TX timeout detected, starting reset task!

            """;
        DiagnosisReport report = Diagnose(("dmesg", log),
            ("ethtool_-i_ens1f0", "driver: mlx5_core\nversion: 5.14.0\nbus-info: 0000:3b:00.0\n"),
            ("ethtool_-i_ens2f0np0", "driver: bnxt_en\nversion: 1.10.2\nbus-info: 0000:5e:00.0\n"));
        Finding mlx5 = Assert.Single(report.Findings, x => x.Id == "ND0203");
        Assert.Equal("ens1f0: mlx5 TX timeout on queue 5 — check the devlink tx health reporter", mlx5.Title);
        Assert.Contains("devlink health diagnose pci/0000:3b:00.0 reporter tx", mlx5.Next);
        Finding bnxt = Assert.Single(report.Findings, x => x.Id == "ND0204");
        Assert.Equal("ens2f0np0", bnxt.Subject);
        Assert.DoesNotContain(report.Findings, x => x.Id is "ND0201" or "ND0202");
    }

    [Fact]
    public void Driver_rules_stay_quiet_on_the_i40e_sample()
    {
        using var source = new EmbeddedSampleSource("i40e-queue44");
        DiagnosisReport report = Diagnoser.Diagnose(HostFactsReader.Read(source), RuleBook.Load());
        Assert.DoesNotContain(report.Findings, x => x.Id.StartsWith("ND02", StringComparison.Ordinal));
    }

    private static DiagnosisReport Diagnose(params (string Name, string Text)[] files)
    {
        string dir = Directory.CreateTempSubdirectory("nd-hang-").FullName;
        try
        {
            foreach ((string name, string text) in files)
                File.WriteAllText(Path.Combine(dir, name), text.Replace("\r\n", "\n", StringComparison.Ordinal));
            using var source = new DirectoryEvidenceSource(dir);
            return Diagnoser.Diagnose(HostFactsReader.Read(source), RuleBook.Load());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
