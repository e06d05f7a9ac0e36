using System.Diagnostics;
using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Evidence.Sources;

namespace NicDoctor.Diagnosis.Tests;

/// <summary>A real `sos report` of this machine, read from its .tar.xz without unpacking.</summary>
public class SosreportTests
{
    [Fact]
    public void Real_sosreport_tarball_gives_this_hosts_inventory_and_no_false_findings()
    {
        string dir = Directory.CreateTempSubdirectory("nd-sos-").FullName;
        try
        {
            var psi = new ProcessStartInfo("sos")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (string a in new[] { "report", "--batch", "--only-plugins", "kernel,networking,pci,boot", "--tmp-dir", dir, "--label", "ndtest" })
                psi.ArgumentList.Add(a);
            using (Process sos = Process.Start(psi)!)
            {
                string output = sos.StandardOutput.ReadToEnd();
                sos.WaitForExit();
                Assert.True(sos.ExitCode == 0, output);
            }
            string tarball = Assert.Single(Directory.GetFiles(dir, "sosreport-*.tar.xz"));

            using var source = new TarEvidenceSource(tarball);
            HostFacts facts = HostFactsReader.Read(source);

            // Oracle: the running kernel's own sysfs, read independently of sos and of our parsers.
            Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), facts.KernelRelease);
            foreach (string path in Directory.GetDirectories("/sys/class/net"))
            {
                string iface = Path.GetFileName(path);
                string driverLink = Path.Combine(path, "device", "driver");
                if (iface == "lo" || !Directory.Exists(driverLink))
                    continue;
                string driver = Path.GetFileName(new DirectoryInfo(driverLink).ResolveLinkTarget(true)!.FullName);
                NicFact nic = Assert.Single(facts.Nics, n => n.Interface == iface);
                // A virtio NIC's device is the virtio bus device, driven by virtio_net.
                Assert.Equal(driver, nic.Driver);
            }
            Assert.DoesNotContain(facts.Gaps, g => g.StartsWith("unreadable: sos_commands/pci", StringComparison.Ordinal));
            DiagnosisReport report = Diagnoser.Diagnose(facts, RuleBook.Load());
            Assert.False(report.ProblemFound, string.Join("; ", report.Findings.Select(f => f.Title)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
