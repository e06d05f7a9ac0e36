using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace NicDoctor.KernelLog.Tests;

/// <summary>Bad input never throws and never hangs; it becomes diagnostics.</summary>
public sealed class GarbageInputTests
{
    private static KernelLogScan ScanBytes(byte[] bytes, out List<KernelEvent> events)
    {
        var list = new List<KernelEvent>();
        using var stream = new MemoryStream(bytes);
        KernelLogScan scan = new KernelLogAnalyzer(new KernelLogOptions { MaxLineLength = 512, MaxDiagnostics = 50 }).Scan(stream, "garbage", list.Add);
        events = list;
        return scan;
    }

    [Fact]
    public void Random_bytes_mixed_with_real_trigger_lines_never_throw()
    {
        string[] real = File.ReadAllLines(Fixtures.RepoPath("samples/i40e-queue44/dmesg_-T"))
            .Concat(File.ReadAllLines(Fixtures.Path("real/e1000e-hardware-unit-hang.dmesg")))
            .Concat(File.ReadAllLines(Fixtures.Path("real/ftgmac100-4.10-arm.dmesg"))).ToArray();
        Gen<byte[]> chunk = Gen.OneOf(
            ArbMap.Default.GeneratorFor<byte[]>(),
            Gen.Elements(real).Select(l => Encoding.UTF8.GetBytes(l + "\n")),
            Gen.Elements(real).Select(l => Encoding.UTF8.GetBytes(l[..(l.Length / 2)])),
            Gen.Constant(new byte[] { 0xff, 0xfe, 0x00, 0xc3, 0x28, (byte)'\n' }));
        Gen<byte[]> input = Gen.ListOf(chunk).Select(parts => parts.SelectMany(p => p).ToArray());
        Prop.ForAll(input.ToArbitrary(), bytes =>
        {
            KernelLogScan scan = ScanBytes(bytes, out _);
            return scan.Diagnostics.Count <= 51;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Binary_and_invalid_utf8_are_reported_once()
    {
        byte[] bytes = [0x00, 0x01, 0xff, 0xfe, (byte)'\n', 0xc3, 0x28, (byte)'\n', 0x00, (byte)'\n'];
        KernelLogScan scan = ScanBytes(bytes, out List<KernelEvent> events);
        Assert.Empty(events);
        Assert.Equal([LogDiagnosticId.BinaryData, LogDiagnosticId.InvalidUtf8], scan.Diagnostics.Select(d => d.Id));
    }

    [Fact]
    public void A_very_long_line_is_cut_and_the_next_line_still_counts()
    {
        string huge = "[ 1.0] " + new string('x', 3_000_000);
        string text = huge + "\n[ 2.0] i40e: module has no symbols (stripped?)\n" + huge + "NETDEV WATCHDOG: eth0 (x): transmit queue 1 timed out\n";
        KernelLogScan scan = ScanBytes(Encoding.UTF8.GetBytes(text), out List<KernelEvent> events);
        KernelEvent ev = Assert.Single(events);
        Assert.Equal(2, ev.Evidence.Single().Line);
        Assert.Equal(3, scan.Lines);
        Assert.All(scan.Diagnostics, d => Assert.Equal(LogDiagnosticId.LineTooLong, d.Id));
        Assert.Equal(2, scan.Diagnostics.Count);
    }

    [Fact]
    public void A_warning_block_cut_at_end_of_input_is_still_reported()
    {
        string[] seed = File.ReadAllLines(Fixtures.RepoPath("samples/i40e-queue44/dmesg_-T"));
        string truncated = string.Join('\n', seed.Take(14));
        (List<KernelEvent> events, KernelLogScan scan) = Fixtures.AnalyzeText(truncated);
        KernelEvent ev = Assert.Single(events);
        Assert.Equal(44, ev.Queue);
        Assert.False(ev.Trace!.Complete);
        Assert.Equal(LogDiagnosticId.TruncatedBlock, Assert.Single(scan.Diagnostics).Id);
    }

    [Fact]
    public void Endless_block_lines_are_bounded()
    {
        var sb = new StringBuilder("[ 1.0] WARNING: CPU: 0 PID: 0 at a.c:1 f+0x1/0x2\n[ 1.0] Call Trace:\n");
        for (int i = 0; i < 5000; i++)
            sb.Append("[ 1.0]  f+0x1/0x2\n");
        (List<KernelEvent> events, _) = Fixtures.AnalyzeText(sb.ToString());
        Assert.True(events.Count >= 1);
        Assert.All(events, e => Assert.True(e.Evidence.Count <= new KernelLogOptions().MaxBlockLines));
    }
}
