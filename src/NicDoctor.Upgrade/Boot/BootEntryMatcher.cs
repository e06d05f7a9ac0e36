namespace NicDoctor.Upgrade.Boot;

/// <summary>
/// Finds the entry a GRUB default names: a numeric menu path (<c>0</c>, <c>1&gt;2</c>), an id,
/// a title, or a <c>submenu&gt;entry</c> chain of those (what GRUB_DEFAULT/grub-set-default accept).
/// </summary>
internal static class BootEntryMatcher
{
    public static int Find(IReadOnlyList<ParsedEntry> entries, string value)
    {
        int exact = IndexWhere(entries, e => e.MenuPath == value || e.Id == value || e.Title == value);
        if (exact >= 0)
            return exact;
        string[] chain = value.Split('>');
        if (chain.Length < 2)
            return -1;
        string last = chain[^1];
        return IndexWhere(entries, e => e.Submenus.Count == chain.Length - 1
            && (e.Id == last || e.Title == last || e.MenuPath.Split('>')[^1] == last)
            && SubmenuMatches(e, chain));
    }

    private static bool SubmenuMatches(ParsedEntry e, string[] chain)
    {
        string[] numeric = e.MenuPath.Split('>');
        for (int i = 0; i < chain.Length - 1; i++)
        {
            // Submenu ids are not kept; a title or the numeric position identifies it.
            if (chain[i] != e.Submenus[i] && (i >= numeric.Length || chain[i] != numeric[i]) && !chain[i].Contains('-', StringComparison.Ordinal))
                return false;
        }
        return true;
    }

    private static int IndexWhere(IReadOnlyList<ParsedEntry> entries, Func<ParsedEntry, bool> predicate)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            if (predicate(entries[i]))
                return i;
        }
        return -1;
    }
}
