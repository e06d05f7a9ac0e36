using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Rules;

namespace NicDoctor.Diagnosis.Tests;

public class DiagnoserTests
{
    private static readonly RuleBook Rules = RuleBook.Load();

    [Fact]
    public void Seed_case_names_the_hung_queue_the_missing_fix_and_the_weak_dcb_evidence()
    {
        DiagnosisReport report = Diagnoser.Diagnose(SeedFacts.Host, Rules);

        Assert.True(report.ProblemFound);
        Assert.Equal(["ND0101", "ND0002", "ND0001", "ND0103"], report.Findings.Select(f => f.Id));

        Finding cause = report.Findings[0];
        Assert.Equal("eno3", cause.Subject);
        Assert.Equal("eno3: i40e 1.6.27-k lacks the hung-queue recovery (fixed in i40e 2.3.6 / kernel 4.16)", cause.Title);
        Assert.Contains("nicdoctor upgrade plan --module i40e.ko --iface eno3", cause.Next);
        Assert.Contains(cause.Sources, s => s.Url == "https://lists.osuosl.org/pipermail/intel-wired-lan/Week-of-Mon-20171218/011054.html");
        // The cause carries the symptoms' evidence: the driver version, the log line, the frozen counter.
        Assert.Contains(SeedFacts.Eno3.Evidence[0], cause.Evidence);
        Assert.Contains(SeedFacts.Watchdog.Evidence[0], cause.Evidence);
        Assert.Contains(SeedFacts.Rx44.Evidence[0], cause.Evidence);

        Finding stall = report.Findings.Single(f => f.Id == "ND0002");
        Assert.Contains("rx-44.rx_packets frozen at 49882", stall.Title, StringComparison.Ordinal);

        Finding watchdog = report.Findings.Single(f => f.Id == "ND0001");
        Assert.Equal("eno3: transmit queue 44 timed out (NETDEV WATCHDOG)", watchdog.Title);

        Finding dcb = report.Findings.Single(f => f.Id == "ND0103");
        Assert.True(dcb.Weak);
        Assert.Equal(Severity.Info, dcb.Severity);
        Assert.Contains(new EvidenceRef("grep_DCB_boot_config-3.10.0-693.el7.x86_64", 1, "CONFIG_DCB=y"), dcb.Evidence);

        Assert.StartsWith("CRITICAL: eno3: i40e 1.6.27-k lacks the hung-queue recovery", report.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Dcb_fix_rule_stays_silent_while_dcb_use_is_unknown()
    {
        DiagnosisReport report = Diagnoser.Diagnose(SeedFacts.Host, Rules);
        Assert.DoesNotContain(report.Findings, f => f.Id == "ND0102");

        // Out-of-tree 2.4.10 still has the bandwidth-reset bug (guarded from 2.7.11) ...
        var withDcb = SeedFacts.Host with { Nics = [SeedFacts.Eno3 with { DcbEnabled = true, DriverVersion = "2.4.10" }] };
        Assert.Contains(Diagnoser.Diagnose(withDcb, Rules).Findings, f => f.Id == "ND0102");
        // ... but the 1.x in-kernel drivers never had that code path, so the rule must not guess.
        var inboxWithDcb = SeedFacts.Host with { Nics = [SeedFacts.Eno3 with { DcbEnabled = true }] };
        Assert.DoesNotContain(Diagnoser.Diagnose(inboxWithDcb, Rules).Findings, f => f.Id == "ND0102");
    }

    [Fact]
    public void Upgraded_driver_keeps_the_symptoms_but_drops_the_missing_fix()
    {
        var upgraded = SeedFacts.Host with { Nics = [SeedFacts.Eno3 with { DriverVersion = "2.13.10" }] };
        var ids = Diagnoser.Diagnose(upgraded, Rules).Findings.Select(f => f.Id).ToArray();
        Assert.DoesNotContain("ND0101", ids);
        Assert.Contains("ND0001", ids);
        Assert.Contains("ND0002", ids);
    }

    [Fact]
    public void Old_driver_without_any_hang_evidence_is_not_a_finding()
    {
        var quiet = SeedFacts.Host with { Events = [], Stalls = [] };
        DiagnosisReport report = Diagnoser.Diagnose(quiet, Rules);
        Assert.Empty(report.Findings);
        Assert.False(report.ProblemFound);
        Assert.Equal("No NIC problem found", report.Verdict);
    }

    [Fact]
    public void Gaps_are_reported_in_a_clean_verdict()
    {
        var facts = new HostFacts { Gaps = ["no kernel log", "no ethtool -S samples"] };
        Assert.Equal("No NIC problem found in the evidence (2 gaps: see below)", Diagnoser.Diagnose(facts, Rules).Verdict);
    }

    [Fact]
    public void Module_load_refusal_points_to_the_module_check()
    {
        var facts = new HostFacts
        {
            KernelRelease = "3.10.0-693.el7.x86_64",
            Events =
            [
                new EventFact
                {
                    Kind = EventKinds.ModuleLoadFailure,
                    Module = "i40e",
                    Summary = "i40e: module has no symbols (stripped?)",
                    Evidence = [new EvidenceRef("dmesg", 1, "[74970.382378] i40e: module has no symbols (stripped?)")],
                },
            ],
        };
        Finding f = Assert.Single(Diagnoser.Diagnose(facts, Rules).Findings);
        Assert.Equal("ND0010", f.Id);
        Assert.Equal("module i40e: the kernel refused to load it — i40e: module has no symbols (stripped?)", f.Title);
        Assert.Equal(["nicdoctor module check i40e.ko --kernel 3.10.0-693.el7.x86_64"], f.Next);
    }

    [Fact]
    public void Igb_hang_logged_under_the_pci_address_is_tied_to_its_interface()
    {
        var nic = new NicFact { Interface = "eno1", Driver = "igb", DriverVersion = "5.4.0-k", BusInfo = "0000:02:00.0" };
        var hang = new EventFact { Kind = EventKinds.TxHang, Driver = "igb", Bus = "0000:02:00.0", Queue = 3, Summary = "Detected Tx Unit Hang, Tx Queue <3>" };
        var findings = Diagnoser.Diagnose(new HostFacts { Nics = [nic], Events = [hang] }, Rules).Findings;
        // The generic hang report (ND0003) and igb's own knowledge (ND0202), both about eno1.
        Assert.Equal(["ND0003", "ND0202"], findings.Select(x => x.Id).Order(StringComparer.Ordinal));
        Finding f = findings.Single(x => x.Id == "ND0003");
        Assert.Equal("eno1: igb reported a transmit hang on queue 3", f.Title);
    }
}
