namespace NicDoctor.Evidence;

/// <summary>Minimal path glob: <c>*</c> matches any run of characters except '/'.</summary>
internal static class Glob
{
    public static bool Matches(string pattern, string path) => Match(pattern.AsSpan(), path.AsSpan());

    private static bool Match(ReadOnlySpan<char> p, ReadOnlySpan<char> s)
    {
        while (true)
        {
            if (p.IsEmpty)
                return s.IsEmpty;
            if (p[0] == '*')
            {
                ReadOnlySpan<char> rest = p[1..];
                for (int i = 0; i <= s.Length; i++)
                {
                    if (Match(rest, s[i..]))
                        return true;
                    if (i < s.Length && s[i] == '/')
                        return false;
                }
                return false;
            }
            if (s.IsEmpty || p[0] != s[0])
                return false;
            p = p[1..];
            s = s[1..];
        }
    }
}
