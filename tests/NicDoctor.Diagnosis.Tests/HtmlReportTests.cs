using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Report;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Evidence.Sources;
using SkiaSharp;

namespace NicDoctor.Diagnosis.Tests;

/// <summary>
/// The sample's HTML report, rendered by real headless Chromium (Debian's package): the page
/// must show its text and the chart with the stalled queue's colours, and be self-contained.
/// </summary>
public class HtmlReportTests
{
    private static DiagnosisReport SampleReport()
    {
        using var source = new EmbeddedSampleSource("i40e-queue44");
        return Diagnoser.Diagnose(HostFactsReader.Read(source), RuleBook.Load());
    }

    [Fact]
    public void Sample_report_renders_in_headless_chromium_with_text_and_chart()
    {
        string dir = Directory.CreateTempSubdirectory("nd-report-").FullName;
        try
        {
            string page = Path.Combine(dir, "sample.html");
            Assert.Null(HtmlReport.Write(SampleReport(), "sample:i40e-queue44", page));
            string url = new Uri(page).AbsoluteUri;

            string shot = Path.Combine(dir, "shot.png");
            Chromium(dir, $"--screenshot={shot}", "--window-size=1280,2000", url);
            byte[] png = File.ReadAllBytes(shot);
            // PNG signature and IHDR width/height, read from the bytes themselves.
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a }, png[..8]);
            Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
            Assert.Equal((1280u, 2000u), (BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20))));

            using SKBitmap bitmap = SKBitmap.Decode(shot);
            var colours = new HashSet<uint>();
            int txOrange = 0;
            for (int y = 0; y < bitmap.Height; y += 2)
            {
                for (int x = 0; x < bitmap.Width; x += 2)
                {
                    SKColor c = bitmap.GetPixel(x, y);
                    colours.Add((uint)c);
                    // tx-44's line (255,127,14): no other element of the page uses this orange.
                    if (Math.Abs(c.Red - 255) < 12 && Math.Abs(c.Green - 127) < 12 && Math.Abs(c.Blue - 14) < 12)
                        txOrange++;
                }
            }
            Assert.True(colours.Count > 50, $"screenshot looks blank: {colours.Count} colours");
            Assert.True(txOrange > 100, $"the stalled queue's tx line is not visible: {txOrange} orange pixels");

            string dom = Chromium(dir, "--dump-dom", url);
            Assert.Contains("NETDEV WATCHDOG: eno3 (i40e): transmit queue 44 timed out", dom, StringComparison.Ordinal);
            Assert.Contains("49882 → 49882", dom, StringComparison.Ordinal);
            Assert.Contains("222225 → 222240", dom, StringComparison.Ordinal);
            Assert.Contains("STALLED", dom, StringComparison.Ordinal);
            Assert.Contains("ND0101", dom, StringComparison.Ordinal);
            Assert.Contains("nicdoctor upgrade plan --module i40e.ko --iface eno3", dom, StringComparison.Ordinal);
            Assert.Contains("src=\"data:image/svg+xml;base64,", dom, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Report_is_self_contained_and_its_chart_names_the_flat_queue()
    {
        DiagnosisReport report = SampleReport();
        string html = HtmlReport.Render(report, "sample:i40e-queue44", out string? problem);
        Assert.Null(problem);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);

        (string iface, string svg) = Assert.Single(QueueCharts.Render(report.QueueCounters));
        Assert.Equal("eno3", iface);
        Assert.Contains("rx-44_packets: FLAT at 49882 (stalled queue)", svg, StringComparison.Ordinal);
        Assert.Contains("tx-44_packets: +15 (stalled queue)", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_replaces_an_existing_file_whole_and_leaves_no_temporary_file()
    {
        string dir = Directory.CreateTempSubdirectory("nd-report-").FullName;
        try
        {
            string page = Path.Combine(dir, "r.html");
            File.WriteAllText(page, new string('x', 1_000_000));
            HtmlReport.Write(SampleReport(), "sample:i40e-queue44", page);
            Assert.Equal([page], Directory.GetFiles(dir));
            string text = File.ReadAllText(page);
            Assert.StartsWith("<!DOCTYPE html>", text, StringComparison.Ordinal);
            Assert.EndsWith("</html>\n", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Chromium(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("chromium")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(dir, "chromium-profile")}",
        }.Concat(args))
            psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "chromium did not finish");
        Assert.True(p.ExitCode == 0, $"chromium exit {p.ExitCode}: {stderr.Result}");
        return stdout;
    }
}
