using System.Buffers;
using System.Runtime.InteropServices;
using NicDoctor.KernelLog.Patterns;

namespace NicDoctor.KernelLog.Scanning;

/// <summary>
/// Finds the lines of a text region that contain a whole trigger. One vectorised search for the
/// few short prefilter keys (<see cref="PatternTable.PrefilterKeys"/>); at each key hit only the
/// triggers that contain that key are compared, at the offset the key has inside them. Every key
/// occurrence outside an already-found trigger line is visited, so a line is reported exactly
/// when it contains a trigger (the same answer as searching the line for all triggers, which costs
/// far more per candidate line).
/// </summary>
internal sealed class TriggerFinder
{
    /// <summary>A trigger and where the key it is indexed under starts inside it.</summary>
    private readonly record struct Candidate(string Trigger, int KeyOffset);

    private readonly SearchValues<string> keySearch;
    private readonly string[] keys;
    private readonly Candidate[][] candidatesByKey;
    private readonly Dictionary<ulong, int> fourCharKeys = [];

    public TriggerFinder(IReadOnlyList<string> triggers, IReadOnlyList<string> keys)
    {
        this.keys = [.. keys];
        keySearch = SearchValues.Create(this.keys, StringComparison.Ordinal);
        candidatesByKey = new Candidate[this.keys.Length][];
        for (int k = 0; k < this.keys.Length; k++)
        {
            string key = this.keys[k];
            var list = new List<Candidate>();
            foreach (string trigger in triggers)
            {
                // Every occurrence: the key hit may be any one of them.
                for (int at = trigger.IndexOf(key, StringComparison.Ordinal); at >= 0; at = trigger.IndexOf(key, at + 1, StringComparison.Ordinal))
                    list.Add(new Candidate(trigger, at));
            }
            candidatesByKey[k] = [.. list];
            if (key.Length == 4)
                fourCharKeys.Add(Pack(key), k);
        }
        foreach (string trigger in triggers)
        {
            if (!this.keys.Any(key => trigger.Contains(key, StringComparison.Ordinal)))
                throw new ArgumentException($"trigger '{trigger}' contains no prefilter key", nameof(keys));
        }
    }

    /// <summary>The table's triggers under its prefilter keys.</summary>
    public static TriggerFinder Default { get; } = new(PatternTable.Triggers, PatternTable.PrefilterKeys);

    /// <summary>
    /// Adds to <paramref name="found"/> the start offset and line number of every line in
    /// <paramref name="region"/>[<paramref name="start"/>..] that holds a trigger, in order.
    /// <paramref name="start"/> must be a line start with number <paramref name="line"/>; returns the
    /// number of the line at the end of the region (the region's last line ends in '\n' or the input).
    /// </summary>
    public long FindLines(ReadOnlySpan<char> region, int start, long line, List<TriggerLine> found)
    {
        int p = start;
        int counted = start;
        while (p < region.Length)
        {
            int hit = region[p..].IndexOfAny(keySearch);
            if (hit < 0)
                break;
            hit += p;
            if (!IsTriggerAt(region, hit))
            {
                p = hit + 1;
                continue;
            }
            int lineStart = counted + region[counted..hit].LastIndexOf('\n') + 1;
            line += region[counted..lineStart].Count('\n');
            counted = lineStart;
            found.Add(new TriggerLine(lineStart, line));
            int newline = region[hit..].IndexOf('\n');
            if (newline < 0)
                break;
            p = hit + newline + 1;
        }
        return line + region[counted..].Count('\n');
    }

    /// <summary>True when <paramref name="line"/> contains a trigger (used where no region is at hand).</summary>
    public bool Contains(ReadOnlySpan<char> line)
    {
        for (int p = 0; p < line.Length;)
        {
            int hit = line[p..].IndexOfAny(keySearch);
            if (hit < 0)
                return false;
            if (IsTriggerAt(line, p + hit))
                return true;
            p += hit + 1;
        }
        return false;
    }

    private bool IsTriggerAt(ReadOnlySpan<char> text, int hit)
    {
        ReadOnlySpan<char> at = text[hit..];
        if (at.Length >= 4 && fourCharKeys.TryGetValue(Pack(at), out int k) && AnyCandidate(text, hit, k))
            return true;
        for (k = 0; k < keys.Length; k++)
        {
            if (keys[k].Length != 4 && at.StartsWith(keys[k], StringComparison.Ordinal) && AnyCandidate(text, hit, k))
                return true;
        }
        return false;
    }

    private bool AnyCandidate(ReadOnlySpan<char> text, int hit, int key)
    {
        foreach (Candidate c in candidatesByKey[key])
        {
            int start = hit - c.KeyOffset;
            if (start >= 0 && text[start..].StartsWith(c.Trigger, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static ulong Pack(ReadOnlySpan<char> fourChars) => MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(fourChars[..4]));
}

/// <summary>A line holding a trigger: where it starts in its region and its 1-based number.</summary>
internal readonly record struct TriggerLine(int Offset, long Line);
