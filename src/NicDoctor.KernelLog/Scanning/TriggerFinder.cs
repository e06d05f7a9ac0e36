using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NicDoctor.KernelLog.Patterns;

namespace NicDoctor.KernelLog.Scanning;

/// <summary>
/// Finds the lines of a text region that contain a whole trigger. One vectorised search for the
/// few short prefilter keys (<see cref="PatternTable.PrefilterKeys"/>); at each key hit only the
/// triggers that contain that key are compared, at the offset the key has inside them. Every key
/// occurrence outside an already-found trigger line is visited, so a line is reported exactly
/// when it contains a trigger (the same answer as searching the line for all triggers, which costs
/// far more per candidate line). On x86 the key search is a small Teddy filter of its own (SSSE3
/// nibble lookups on the four characters of each key, 16 characters a step): the Native AOT
/// build runs <see cref="SearchValues{T}"/>' generic Vector128 code about 4× slower than the JIT does.
/// </summary>
internal sealed class TriggerFinder
{
    /// <summary>A trigger and where the key it is indexed under starts inside it.</summary>
    private readonly record struct Candidate(string Trigger, int TriggerIndex, int KeyOffset);

    private readonly SearchValues<string> keySearch;
    private readonly string[] keys;
    private readonly Candidate[][] candidatesByKey;
    // Four-character keys packed into a ulong, in a small open-addressing table (a Dictionary lookup
    // per candidate was a sixth of the scan).
    private const int Slots = 256;
    private readonly ulong[] slotKeys = new ulong[Slots];
    private readonly int[] slotIndex = new int[Slots];
    private readonly Teddy? teddy;

    public TriggerFinder(IReadOnlyList<string> triggers, IReadOnlyList<string> keys, bool vectorised = true)
    {
        if (keys.Count > Slots / 2)
            throw new ArgumentException($"{keys.Count} prefilter keys; at most {Slots / 2}", nameof(keys));
        this.keys = [.. keys];
        keySearch = SearchValues.Create(this.keys, StringComparison.Ordinal);
        candidatesByKey = new Candidate[this.keys.Length][];
        for (int k = 0; k < this.keys.Length; k++)
        {
            string key = this.keys[k];
            var list = new List<Candidate>();
            for (int t = 0; t < triggers.Count; t++)
            {
                // Every occurrence: the key hit may be any one of them.
                string trigger = triggers[t];
                for (int at = trigger.IndexOf(key, StringComparison.Ordinal); at >= 0; at = trigger.IndexOf(key, at + 1, StringComparison.Ordinal))
                    list.Add(new Candidate(trigger, t, at));
            }
            candidatesByKey[k] = [.. list];
            if (key.Length == 4)
            {
                int slot = Slot(Pack(key));
                while (slotIndex[slot] != 0)
                    slot = (slot + 1) & (Slots - 1);
                slotKeys[slot] = Pack(key);
                slotIndex[slot] = k + 1;
            }
        }
        foreach (string trigger in triggers)
        {
            if (!this.keys.Any(key => trigger.Contains(key, StringComparison.Ordinal)))
                throw new ArgumentException($"trigger '{trigger}' contains no prefilter key", nameof(keys));
        }
        if (vectorised && Ssse3.IsSupported && this.keys.All(k => k.Length >= Teddy.Prefix && k.All(char.IsAscii)))
            teddy = new Teddy(this.keys);
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
            int hit = NextCandidate(region, p);
            if (hit < 0)
                break;
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
            int hit = NextCandidate(line, p);
            if (hit < 0)
                return false;
            if (IsTriggerAt(line, hit))
                return true;
            p = hit + 1;
        }
        return false;
    }

    /// <summary>
    /// Sets <paramref name="present"/>[i] for every trigger i (index in the constructor's list) that
    /// <paramref name="text"/> contains: one pass instead of a <c>Contains</c> per pattern row.
    /// </summary>
    public void MarkPresent(ReadOnlySpan<char> text, Span<bool> present)
    {
        for (int p = 0; p < text.Length;)
        {
            int hit = NextCandidate(text, p);
            if (hit < 0)
                return;
            ForEachKeyAt(text, hit, present, stopAtFirst: false);
            p = hit + 1;
        }
    }

    /// <summary>The first position at or after <paramref name="from"/> where a key may start (every key start is one), or -1.</summary>
    private int NextCandidate(ReadOnlySpan<char> text, int from)
    {
        if (teddy is null)
        {
            int hit = text[from..].IndexOfAny(keySearch);
            return hit < 0 ? -1 : from + hit;
        }
        return teddy.Next(text, from);
    }

    private bool IsTriggerAt(ReadOnlySpan<char> text, int hit) => ForEachKeyAt(text, hit, default, stopAtFirst: true);

    /// <summary>
    /// Compares the triggers indexed under the keys that start at <paramref name="hit"/>; marks each
    /// one found in <paramref name="present"/> (when not empty). True when one was found.
    /// </summary>
    private bool ForEachKeyAt(ReadOnlySpan<char> text, int hit, Span<bool> present, bool stopAtFirst)
    {
        ReadOnlySpan<char> at = text[hit..];
        bool found = false;
        if (at.Length >= 4)
        {
            ulong packed = Pack(at);
            for (int slot = Slot(packed); slotIndex[slot] != 0; slot = (slot + 1) & (Slots - 1))
            {
                if (slotKeys[slot] == packed)
                {
                    found |= Candidates(text, hit, slotIndex[slot] - 1, present, stopAtFirst);
                    if (found && stopAtFirst)
                        return true;
                    break;
                }
            }
        }
        for (int k = 0; k < keys.Length; k++)
        {
            if (keys[k].Length != 4 && at.StartsWith(keys[k], StringComparison.Ordinal))
            {
                found |= Candidates(text, hit, k, present, stopAtFirst);
                if (found && stopAtFirst)
                    return true;
            }
        }
        return found;
    }

    private bool Candidates(ReadOnlySpan<char> text, int hit, int key, Span<bool> present, bool stopAtFirst)
    {
        bool found = false;
        foreach (Candidate c in candidatesByKey[key])
        {
            int start = hit - c.KeyOffset;
            if (start >= 0 && text[start..].StartsWith(c.Trigger, StringComparison.Ordinal))
            {
                if (stopAtFirst)
                    return true;
                found = true;
                present[c.TriggerIndex] = true;
            }
        }
        return found;
    }

    private static int Slot(ulong packed) => (int)((packed * 0x9E3779B97F4A7C15UL) >> 56);

    private static ulong Pack(ReadOnlySpan<char> fourChars) => MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(fourChars[..4]));
}

/// <summary>
/// Teddy (Hyperscan's multi-string prefilter) reduced to what the keys need: each key goes to one
/// of 8 buckets (keys sorted, so similar ones share a bucket and its tables stay sparse); for each
/// of its first <see cref="Prefix"/> characters two 16-entry tables (low and high nibble) hold the
/// bucket bit. A position whose four characters all carry a common bucket bit is a candidate; every key start is one, false candidates are rejected by the caller's
/// exact check. Characters above 0xFF saturate to 0xFF or 0 when packed to bytes, which no ASCII
/// key byte shares a nibble pair with.
/// </summary>
internal sealed class Teddy
{
    public const int Prefix = 4;
    private readonly Vector128<byte>[] low = new Vector128<byte>[Prefix];
    private readonly Vector128<byte>[] high = new Vector128<byte>[Prefix];
    private readonly bool[] firstByte = new bool[128];

    public Teddy(IReadOnlyList<string> keys)
    {
        var lo = new byte[Prefix, 16];
        var hi = new byte[Prefix, 16];
        string[] sorted = [.. keys.Order(StringComparer.Ordinal)];
        int perBucket = (sorted.Length + 7) / 8;
        for (int k = 0; k < sorted.Length; k++)
        {
            byte bucket = (byte)(1 << (k / perBucket));
            for (int j = 0; j < Prefix; j++)
            {
                char c = sorted[k][j];
                lo[j, c & 0xF] |= bucket;
                hi[j, c >> 4] |= bucket;
            }
            firstByte[sorted[k][0]] = true;
        }
        for (int j = 0; j < Prefix; j++)
        {
            low[j] = Vector128.Create(Enumerable.Range(0, 16).Select(n => lo[j, n]).ToArray());
            high[j] = Vector128.Create(Enumerable.Range(0, 16).Select(n => hi[j, n]).ToArray());
        }
    }

    public int Next(ReadOnlySpan<char> text, int from)
    {
        ref short start = ref Unsafe.As<char, short>(ref MemoryMarshal.GetReference(text));
        Vector128<byte> lo0 = low[0], lo1 = low[1], lo2 = low[2], lo3 = low[3], hi0 = high[0], hi1 = high[1], hi2 = high[2], hi3 = high[3];
        Vector128<byte> nibble = Vector128.Create((byte)0x0F);
        int i = from;
        for (; i <= text.Length - 16 - (Prefix - 1); i += 16)
        {
            Vector128<byte> m = Bucket(Load(ref start, i), lo0, hi0, nibble)
                & Bucket(Load(ref start, i + 1), lo1, hi1, nibble)
                & Bucket(Load(ref start, i + 2), lo2, hi2, nibble)
                & Bucket(Load(ref start, i + 3), lo3, hi3, nibble);
            uint mask = (uint)Sse2.MoveMask(Sse2.CompareEqual(m, Vector128<byte>.Zero)) ^ 0xFFFF;
            if (mask != 0)
                return i + BitOperations.TrailingZeroCount(mask);
        }
        // The last few positions: every one whose first character starts some key.
        for (; i < text.Length; i++)
        {
            if (text[i] < 128 && firstByte[text[i]])
                return i;
        }
        return -1;
    }

    /// <summary>16 characters from <paramref name="at"/>, packed to bytes (saturating).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Load(ref short start, int at) =>
        Sse2.PackUnsignedSaturate(Vector128.LoadUnsafe(ref start, (nuint)at), Vector128.LoadUnsafe(ref start, (nuint)(at + 8)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Bucket(Vector128<byte> v, Vector128<byte> lo, Vector128<byte> hi, Vector128<byte> nibble) =>
        Ssse3.Shuffle(lo, v & nibble) & Ssse3.Shuffle(hi, Sse2.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & nibble);
}

/// <summary>A line holding a trigger: where it starts in its region and its 1-based number.</summary>
internal readonly record struct TriggerLine(int Offset, long Line);
