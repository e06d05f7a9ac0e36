using FsCheck;
using FsCheck.Fluent;
using NicDoctor.KernelLog.Framing;

namespace NicDoctor.KernelLog.Tests;

/// <summary>
/// The hand-written framer (dmesg, BSD and ISO syslog) against the regex framer, which is the
/// reference: wherever the fast one accepts a line its result must be the regexes' result.
/// </summary>
public sealed class FastFramerTests
{
    private static readonly string[] RealLines = Directory.EnumerateFiles(Fixtures.Path(""), "*", SearchOption.AllDirectories)
        .Where(f => !f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith(".sh", StringComparison.Ordinal))
        .Append(Fixtures.RepoPath("samples/i40e-queue44/dmesg_-T"))
        .SelectMany(File.ReadLines)
        .ToArray();

    // Shapes the bench log and real syslogs use, plus edge cases of each regex.
    private static readonly string[] Crafted =
    [
        "[    0.000000] Linux version 6.1.0",
        "[12345678.123456789] x",
        "[12345678901.1] eleven digits",
        "[ 1.1234567890] ten fraction digits",
        "[ 1.5]no space",
        "[\t1.5] tab",
        "[ 1.5]",
        "Jan  5 00:00:01 node7 kernel: [   12.000731] e1000e 0000:00:19.0 eth0: Reset adapter",
        "Feb 28 23:59:59.123456 host kernel: text",
        "Feb 30 10:00:00 host kernel: impossible date",
        "Mar   5 00:00:00 host kernel: three spaces",
        "Apr 123 00:00:00 host kernel: x",
        "May  5 00:00:00. host kernel: x",
        "Jun  5 00:00:00.1234567890 host kernel: x",
        "Jul  5 00:00:00 host sshd[123]: not the kernel",
        "Aug  5 00:00:00 host sshd[12x]: broken pid",
        "Sep  5 00:00:00 h\u00e9st kernel: x",
        "Oct  5 00:00:00 host k\u00e9rnel: x",
        "Nov  5 00:00:00 host kernel[\u0663]: x",
        "Dec  5 00:00:00 host\tkernel: x",
        "Dec  5 00:00:00 host kernel:x",
        "Dec  5 00:00:00 host kernel",
        "Xyz  5 00:00:00 host kernel: x",
        "2024-01-01T00:00:00.000731+00:00 node7 kernel: NETDEV WATCHDOG: eth0 (e1000e): transmit queue 0 timed out",
        "2024-01-01 00:00:00,5 host kernel: comma and space",
        "2024-01-01T00:00:00Z host kernel: zulu",
        "2024-01-01T00:00:00+0100 host kernel: no colon",
        "2024-01-01T00:00:00+01:0 host kernel: short zone",
        "2024-01-01T00:00:00+24:00 host kernel: zone out of range",
        "2024-13-01T00:00:00 host kernel: month 13",
        "2024-02-30T00:00:00 host kernel: Feb 30",
        "2019-03-08T16:47:12,290474+0000 dmesg iso text",
        "2019-03-08T16:47:12,290474+0000 host: no tag",
        "2019-03-08T16:47:12,290474+0000 host[1] kernel: bracket in host",
        "2019-03-08T16:47:12,290474+0000 h\u00e9st kernel: x",
        "2019-03-08T16:47:12,290474+0000 host\u0001x kernel: control char",
        "2019-03-08T16:47:12,290474+0000 host kernel[\u0663]: x",
        "2019-03-08T16:47:12 ",
        "2019-03-08T16:47:12,290474+0000",
        "2019-03-08T16:47:12.+0000 x",
        "2019-03-08T16:47:12.1234567890 x",
        "6,1234,5678,-;kmsg",
        "1234-",
    ];

    [Fact]
    public void Agrees_with_the_regexes_on_real_and_crafted_lines()
    {
        int accepted = 0;
        foreach (string line in RealLines.Concat(Crafted))
        {
            if (Check(line))
                accepted++;
        }
        // Most fixture lines are dmesg or syslog: the fast path must really be taken.
        Assert.True(accepted > RealLines.Length / 2, $"fast framer took {accepted} of {RealLines.Length} real lines");
    }

    [Fact]
    public void Agrees_with_the_regexes_on_mutated_lines()
    {
        char[] alphabet = [' ', '\t', '.', ',', ':', '[', ']', '+', '-', 'Z', 'T', '0', '9', 'a', '\u00e9', '\u0663', '\u00a0', '\u0001', '\u007f'];
        string[] seeds = [.. RealLines.Where(l => l.Length > 0 && (l[0] == '[' || char.IsAsciiLetterUpper(l[0]) || char.IsAsciiDigit(l[0]))), .. Crafted];
        Gen<string> mutated =
            from seed in Gen.Elements(seeds)
            from edits in Gen.ListOf(
                from kind in Gen.Choose(0, 2)
                from at in Gen.Choose(0, 40)
                from c in Gen.Elements(alphabet)
                select (kind, at, c))
            select edits.Aggregate(seed, (s, e) =>
            {
                int at = Math.Min(e.at, s.Length);
                return e.kind switch
                {
                    0 => s.Insert(at, e.c.ToString()),
                    1 when at < s.Length => s.Remove(at, 1),
                    _ when at < s.Length => s[..at] + e.c + s[(at + 1)..],
                    _ => s,
                };
            });
        Prop.ForAll(mutated.ToArbitrary(), line =>
        {
            Check(line);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20_000));
    }

    /// <summary>True when the fast framer took the line (and then agreed); throws when it disagrees.</summary>
    private static bool Check(string line)
    {
        FramedLine? fast = FastFramer.TryFrame(line, 2020);
        if (fast is null)
            return false;
        FramedLine reference = LineFramer.FrameWithRegexes(line, LogFraming.Bare, 2020);
        var expected = (reference.Framing, reference.Text, reference.Time, reference.Host, reference.IsKernel, reference.Device, reference.TimestampProblem);
        var actual = (fast.Framing, fast.Text, fast.Time, fast.Host, fast.IsKernel, fast.Device, fast.TimestampProblem);
        Assert.True(expected == actual, $"line '{line}': regexes {expected}, fast {actual}");
        return true;
    }
}
