using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NicDoctor.KernelLog.Patterns;
using NicDoctor.KernelLog.Scanning;

namespace NicDoctor.KernelLog.Tests;

/// <summary>
/// The prefilter (trigger lines found through rare keys) against the plain definition — a line
/// holds one of the triggers as a substring — and the two-thread chunked scan against inputs whose
/// answer is known from a single small block.
/// </summary>
public sealed class PrefilterTests
{
    private static readonly string[] FixtureLines = Directory.EnumerateFiles(Fixtures.Path(""), "*", SearchOption.AllDirectories)
        .Where(f => !f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith(".sh", StringComparison.Ordinal))
        .SelectMany(File.ReadLines)
        .ToArray();

    private static bool HoldsTrigger(string line) => PatternTable.Triggers.Any(t => line.Contains(t, StringComparison.Ordinal));

    [Fact]
    public void Every_trigger_contains_a_key()
    {
        Assert.All(PatternTable.Triggers, t => Assert.Contains(PatternTable.PrefilterKeys, k => t.Contains(k, StringComparison.Ordinal)));
    }

    [Fact]
    public void Finds_exactly_the_fixture_lines_that_hold_a_trigger()
    {
        string region = string.Join('\n', FixtureLines) + "\n";
        var found = new List<TriggerLine>();
        long end = TriggerFinder.Default.FindLines(region, 0, 1, found);
        List<long> expected = [.. FixtureLines.Select((l, i) => (l, i)).Where(x => HoldsTrigger(x.l)).Select(x => (long)x.i + 1)];
        Assert.Equal(expected, found.Select(f => f.Line));
        Assert.All(found, f => Assert.True(f.Offset == 0 || region[f.Offset - 1] == '\n'));
        Assert.Equal(FixtureLines.Length + 1, end);
        Assert.True(expected.Count > 50, $"{expected.Count} trigger lines");
    }

    [Fact]
    public void Agrees_with_the_definition_on_random_text_around_triggers()
    {
        // Pieces of triggers and keys glued to random text: near misses, overlaps, triggers at line ends.
        string[] pieces = [.. PatternTable.Triggers, .. PatternTable.Triggers.Select(t => t[..(t.Length / 2)]),
            .. PatternTable.Triggers.Select(t => t[(t.Length / 2)..]), .. PatternTable.PrefilterKeys, "\n", " ", "x"];
        Gen<string> text = Gen.ListOf(Gen.OneOf(Gen.Elements(pieces), ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)))
            .Select(parts => string.Concat(parts));
        // The vectorised key filter (Teddy) and the plain SearchValues search must both give the definition's answer.
        TriggerFinder[] finders = [TriggerFinder.Default, new(PatternTable.Triggers, PatternTable.PrefilterKeys, vectorised: false)];
        Prop.ForAll(text.ToArbitrary(), s =>
        {
            string[] lines = s.Split('\n');
            List<long> expected = [.. lines.Select((l, i) => (l, i)).Where(x => HoldsTrigger(x.l)).Select(x => (long)x.i + 1)];
            return finders.All(finder =>
            {
                var found = new List<TriggerLine>();
                finder.FindLines(s, 0, 1, found);
                return expected.SequenceEqual(found.Select(f => f.Line)) && lines.All(l => finder.Contains(l) == HoldsTrigger(l))
                    && lines.All(l =>
                    {
                        // Which triggers a line holds (the pattern rows are looked up by this).
                        bool[] present = new bool[PatternTable.Triggers.Count];
                        finder.MarkPresent(l, present);
                        return present.SequenceEqual(PatternTable.Triggers.Select(t => l.Contains(t, StringComparison.Ordinal)));
                    });
            });
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3_000));
    }

    [Fact]
    public void The_keys_are_rare_in_a_benign_boot_log()
    {
        string[] boot = File.ReadAllLines(Fixtures.Path("benign/qemu-debian12-6.1-boot.console"));
        int withKey = boot.Count(l => PatternTable.PrefilterKeys.Any(k => l.Contains(k, StringComparison.Ordinal)));
        // Each key hit stops the vectorised search; the greedy cover's " is "/" on " keys hit ~6 % of these lines.
        Assert.True(withKey * 100 < boot.Length, $"{withKey} of {boot.Length} boot-log lines hold a prefilter key");
    }

    /// <summary>The seed block, N times, with a varying number of benign lines between: blocks straddle every chunk edge.</summary>
    private static (string Text, List<int> BlockStarts, int Lines) Repeated(int blocks, string newline)
    {
        string[] seed = File.ReadAllLines(Fixtures.RepoPath("samples/i40e-queue44/dmesg_-T"));
        string[] filler = [.. File.ReadAllLines(Fixtures.Path("benign/qemu-debian12-6.1-boot.console")).Where(l => !HoldsTrigger(l)).Take(50)];
        var sb = new StringBuilder();
        var starts = new List<int>();
        int line = 1;
        for (int b = 0; b < blocks; b++)
        {
            for (int f = 0; f < b % 7; f++, line++)
                sb.Append(filler[(b + f) % filler.Length]).Append(newline);
            starts.Add(line);
            foreach (string l in seed)
            {
                sb.Append(l).Append(newline);
                line++;
            }
        }
        return (sb.ToString(), starts, line - 1);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Blocks_across_chunk_edges_come_out_whole_and_in_order(string newline)
    {
        (string text, List<int> starts, int lines) = Repeated(400, newline);
        Assert.True(text.Length > 4 * 256 * 1024); // several chunks
        KernelEvent single = Assert.Single(Fixtures.AnalyzeText(File.ReadAllText(Fixtures.RepoPath("samples/i40e-queue44/dmesg_-T"))).Events);

        (List<KernelEvent> events, KernelLogScan scan) = Fixtures.AnalyzeText(text);

        Assert.Empty(scan.Diagnostics);
        Assert.Equal(lines, scan.Lines);
        Assert.Equal(starts.Count, events.Count);
        for (int i = 0; i < events.Count; i++)
        {
            KernelEvent ev = events[i];
            Assert.Equal((single.Kind, single.Interface, single.Queue, single.Cpu, single.Time), (ev.Kind, ev.Interface, ev.Queue, ev.Cpu, ev.Time));
            Assert.Equal(single.Trace!.CallTrace, ev.Trace!.CallTrace);
            Assert.Equal(single.Trace.Modules, ev.Trace.Modules);
            Assert.True(ev.Trace.Complete);
            Assert.Equal(single.Evidence.Select(e => (e.Line + starts[i] - 1, e.Text)), ev.Evidence.Select(e => (e.Line, e.Text)));
        }
    }

    [Fact]
    public void Multibyte_characters_split_by_reads_are_not_invalid_and_bad_bytes_are_reported_once()
    {
        (string text, List<int> starts, _) = Repeated(300, "\n");
        // "é" (2 bytes) and "€" (3 bytes) ending every line: some fall across every read boundary.
        string accented = string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : l + " é€"));
        var events = new List<KernelEvent>();
        KernelLogScan clean = new KernelLogAnalyzer(new KernelLogOptions { AssumedYear = 2020 })
            .Scan(new MemoryStream(Encoding.UTF8.GetBytes(accented)), "accented", events.Add);
        Assert.Empty(clean.Diagnostics);
        Assert.Equal(starts.Count, events.Count);

        byte[] bytes = Encoding.UTF8.GetBytes(text);
        byte[] broken = [.. bytes[..(bytes.Length / 2)], 0xC3, .. bytes[(bytes.Length / 2)..]];
        events.Clear();
        KernelLogScan scan = new KernelLogAnalyzer(new KernelLogOptions { AssumedYear = 2020 }).Scan(new MemoryStream(broken), "broken", events.Add);
        Assert.Equal(LogDiagnosticId.InvalidUtf8, Assert.Single(scan.Diagnostics).Id);
        Assert.InRange(events.Count, starts.Count - 1, starts.Count + 1); // only the block holding the bad byte may change
    }

    [Fact]
    public void A_trigger_on_the_last_line_without_newline_is_found()
    {
        (List<KernelEvent> events, _) = Fixtures.AnalyzeText("[ 1.0] x\n[ 2.0] NETDEV WATCHDOG: eth0 (e1000e): transmit queue 0 timed out");
        KernelEvent ev = Assert.Single(events);
        Assert.Equal((2L, 0), (ev.Evidence.Single().Line, ev.Queue));
    }

    [Fact]
    public void A_failing_callback_stops_the_scan_and_its_exception_comes_out()
    {
        (string text, _, _) = Repeated(300, "\n");
        var ex = Assert.Throws<InvalidOperationException>(() =>
            new KernelLogAnalyzer().Scan(new StringReader(text), "x", _ => throw new InvalidOperationException("sink failed")));
        Assert.Equal("sink failed", ex.Message);
    }
}
