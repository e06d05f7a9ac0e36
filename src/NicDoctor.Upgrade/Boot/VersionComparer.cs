using System.Globalization;

namespace NicDoctor.Upgrade.Boot;

/// <summary>Compares versions like rpm's vercmp: digit runs as numbers, letter runs as text, separators ignored.</summary>
internal sealed class VersionComparer : IComparer<string>
{
    public static readonly VersionComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        List<string> a = Segments(x ?? ""), b = Segments(y ?? "");
        for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            bool da = char.IsAsciiDigit(a[i][0]), db = char.IsAsciiDigit(b[i][0]);
            int c = da && db
                ? decimal.Parse(a[i], CultureInfo.InvariantCulture).CompareTo(decimal.Parse(b[i], CultureInfo.InvariantCulture))
                : da != db ? (da ? 1 : -1) : string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
                return c;
        }
        return a.Count.CompareTo(b.Count);
    }

    private static List<string> Segments(string s)
    {
        var parts = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            if (!char.IsAsciiLetterOrDigit(s[i]))
            {
                i++;
                continue;
            }
            bool digit = char.IsAsciiDigit(s[i]);
            int start = i;
            while (i < s.Length && char.IsAsciiLetterOrDigit(s[i]) && char.IsAsciiDigit(s[i]) == digit)
                i++;
            parts.Add(s[start..Math.Min(i, start + 28)]);
        }
        return parts;
    }
}
