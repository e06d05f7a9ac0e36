using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Evidence.Sources;

namespace NicDoctor.Diagnosis.Tests;

/// <summary>The embedded sample, read through the real engines, must yield the seed's facts and diagnosis.</summary>
public class SampleDiagnosisTests
{
    private static HostFacts ReadSample()
    {
        using var source = new EmbeddedSampleSource("i40e-queue44");
        return HostFactsReader.Read(source);
    }

    [Fact]
    public void Sample_evidence_reads_into_the_facts_the_case_states()
    {
        HostFacts facts = ReadSample();
        Assert.Equal("3.10.0-693.el7.x86_64", facts.KernelRelease);
        Assert.Equal("CONFIG_DCB=y", facts.KernelConfig["CONFIG_DCB"].Text);

        NicFact eno3 = Assert.Single(facts.Nics);
        Assert.Equal(SeedFacts.Eno3.Interface, eno3.Interface);
        Assert.Equal(SeedFacts.Eno3.Driver, eno3.Driver);
        Assert.Equal(SeedFacts.Eno3.DriverVersion, eno3.DriverVersion);
        Assert.Equal(SeedFacts.Eno3.Firmware, eno3.Firmware);
        Assert.Equal(SeedFacts.Eno3.BusInfo, eno3.BusInfo);
        Assert.Equal(SeedFacts.Eno3.Model, eno3.Model);
        Assert.Equal(SeedFacts.Eno3.SpeedMbps, eno3.SpeedMbps);
        Assert.Equal(SeedFacts.Eno3.LinkDetected, eno3.LinkDetected);
        Assert.Contains(new EvidenceRef("ethtool_-i_eno3", 2, "version: 1.6.27-k"), eno3.Evidence);

        EventFact watchdog = Assert.Single(facts.Events);
        Assert.Equal(EventKinds.NetdevWatchdog, watchdog.Kind);
        Assert.Equal(("eno3", "i40e", 44, 45), (watchdog.Interface, watchdog.Driver, watchdog.Queue, watchdog.Cpu));
        Assert.Contains(watchdog.Evidence, e => e.Source == "dmesg_-T" && e.Line == 2
            && e.Text == "[Thu Nov  5 16:44:42 2020] NETDEV WATCHDOG: eno3 (i40e): transmit queue 44 timed out");

        QueueStallFact stall = Assert.Single(facts.Stalls);
        Assert.Equal(("eno3", 44, "rx-frozen-tx-moving"), (stall.Interface, stall.Queue, stall.Kind));
        Assert.Contains("49882", stall.Summary, StringComparison.Ordinal);
        Assert.Contains("222225", stall.Summary, StringComparison.Ordinal);
        Assert.Contains("222240", stall.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_diagnosis_matches_the_hand_typed_seed_diagnosis()
    {
        RuleBook rules = RuleBook.Load();
        DiagnosisReport fromSample = Diagnoser.Diagnose(ReadSample(), rules);
        DiagnosisReport fromSeed = Diagnoser.Diagnose(SeedFacts.Host, rules);
        Assert.Equal(fromSeed.Findings.Select(f => (f.Id, f.Subject)), fromSample.Findings.Select(f => (f.Id, f.Subject)));
        Assert.Equal(fromSeed.Verdict, fromSample.Verdict);
    }
}
