namespace NicDoctor.KernelLog.Patterns;

/// <summary>
/// Every message family's rows in one table, plus the prefilter: the triggers (all anchors and block
/// markers; a line that holds none is skipped without a regex) and the short keys that find them.
/// </summary>
internal static class PatternTable
{
    public static IReadOnlyList<MessagePattern> All { get; } =
    [
        .. NetdevWatchdogPatterns.All,
        .. I40ePatterns.All,
        .. IcePatterns.All,
        .. IxgbeIgbPatterns.All,
        .. E1000ePatterns.All,
        .. Mlx5Patterns.All,
        .. BnxtPatterns.All,
        .. VirtioNetPatterns.All,
        .. R8169Patterns.All,
        .. Tg3Patterns.All,
        .. EnaPatterns.All,
        .. Vmxnet3Patterns.All,
        .. LinkPatterns.All,
        .. FirmwarePatterns.All,
        .. ModuleLoadPatterns.All,
    ];

    /// <summary>
    /// Anchors of all rows and the block markers; a line needs one of them to be looked at. Journal
    /// JSON entries whose MESSAGE is a byte array (non-UTF-8 text) cannot be searched as text, so
    /// their marker is a trigger too.
    /// </summary>
    public static IReadOnlyList<string> Triggers { get; } =
        [.. All.Select(p => p.Anchor).Concat(KernelBlockMarkers.Triggers).Append("\"MESSAGE\":[").Distinct(StringComparer.Ordinal)];

    /// <summary>For each row of <see cref="All"/>, the index of its anchor in <see cref="Triggers"/> (rows are looked up by the triggers a line holds).</summary>
    public static int[] AnchorTrigger { get; } = [.. All.Select(p => IndexOf(Triggers, p.Anchor))];

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
                return i;
        }
        throw new InvalidOperationException($"anchor '{value}' is not a trigger");
    }

    /// <summary>
    /// A cover of the triggers by 4-grams that are rare in a benign boot log (greedy: most triggers
    /// covered per occurrence in <c>Fixtures/benign/qemu-debian12-6.1-boot.console</c>). The plain
    /// most-triggers-first cover picked words such as <c>" is "</c>, <c>" for"</c> and <c>" on "</c>,
    /// which hit 6× more lines than hold a trigger. PrefilterTests checks the rarity.
    /// </summary>
    internal static IReadOnlyList<string> RareKeys { get; } =
    [
        "eout", "Link", "eset", "mbol", " Han", " NVM", " han", "firm", "ompl", "ule ", " - n", " == ", " TX ", " WAT", " cut",
        " fau", " mag", " nvm", "\"MES", "ARNI", "BUG ", "BUG:", "Issu", "Lock", "Oops", "but ", "dete", "eqes", "g of",
    ];

    /// <summary>
    /// A few 4-character substrings such that every trigger contains one. Searching a buffer for ~30
    /// short keys is several times faster than for ~60 long triggers; at a key hit only the
    /// triggers holding that key are compared (<see cref="Scanning.TriggerFinder"/>). Every key hit
    /// interrupts the vectorised search, so the keys are chosen rare in ordinary kernel output:
    /// <see cref="RareKeys"/> first, then a greedy cover for any trigger they miss (a new row).
    /// </summary>
    public static IReadOnlyList<string> PrefilterKeys { get; } = CoverKeys(Triggers, 4);

    private static List<string> CoverKeys(IReadOnlyList<string> triggers, int length)
    {
        var uncovered = new HashSet<string>(triggers, StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (string key in RareKeys)
        {
            if (uncovered.RemoveWhere(t => t.Contains(key, StringComparison.Ordinal)) > 0)
                keys.Add(key);
        }
        while (uncovered.Count > 0)
        {
            string best = uncovered
                .SelectMany(t => Enumerable.Range(0, Math.Max(1, t.Length - length + 1)).Select(i => t.Substring(i, Math.Min(length, t.Length))))
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(c => uncovered.Count(t => t.Contains(c, StringComparison.Ordinal)))
                .ThenBy(c => c, StringComparer.Ordinal)
                .First();
            keys.Add(best);
            uncovered.RemoveWhere(t => t.Contains(best, StringComparison.Ordinal));
        }
        return keys;
    }
}
