using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Report;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Evidence.Sources;

namespace NicDoctor.Diagnosis.Tests;

/// <summary>This machine, as it is (not necessarily root, maybe without modules for its kernel): diagnose and the report complete, and what could not be read is a gap.</summary>
public class LiveHostTests
{
    [Fact]
    public void Live_host_diagnoses_and_reports_without_crashing_and_lists_its_gaps()
    {
        using var source = new LiveHostSource(samples: 2, intervalSeconds: 0);
        HostFacts facts = HostFactsReader.Read(source);
        DiagnosisReport report = Diagnoser.Diagnose(facts, RuleBook.Load());

        // Oracle: the kernel's own answers, read independently.
        string release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        Assert.Equal(release, report.KernelRelease);
        bool hasModules = File.Exists($"/lib/modules/{release}/modules.dep");
        bool anyDriver = facts.Nics.Any(n => n.Driver is not null && n.Driver.Length > 0);
        if (anyDriver && !hasModules)
            Assert.Contains($"module files: /lib/modules/{release}/modules.dep not found, modules of the running kernel not checked", report.Gaps);
        Assert.DoesNotContain(report.Gaps, g => g.StartsWith("module files: not checked", StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(report.Verdict));

        string html = HtmlReport.Render(report, source.Name, out _);
        Assert.Contains(report.Verdict.Split(' ')[0], html, StringComparison.Ordinal);
        foreach (string gap in report.Gaps)
            Assert.Contains(System.Net.WebUtility.HtmlEncode(gap), html, StringComparison.Ordinal);
    }
}
