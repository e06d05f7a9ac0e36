namespace NicDoctor.KernelModules;

/// <summary>fnmatch(3) without flags, as kmod matches module aliases: '*', '?', '[...]' (with '!'/'^' and ranges).</summary>
internal static class Glob
{
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, starP = -1, starT = -1;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = ++p;
                starT = t;
                continue;
            }
            if (p < pattern.Length && MatchOne(pattern, ref p, text[t]))
            {
                t++;
                continue;
            }
            if (starP < 0)
                return false;
            p = starP;
            t = ++starT;
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    // Matches one pattern element at p against c; advances p past the element on success.
    private static bool MatchOne(ReadOnlySpan<char> pattern, ref int p, char c)
    {
        char first = pattern[p];
        if (first == '?')
        {
            p++;
            return true;
        }
        if (first == '[')
        {
            int i = p + 1;
            bool negate = i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^');
            if (negate)
                i++;
            bool matched = false;
            int start = i;
            while (i < pattern.Length && (pattern[i] != ']' || i == start))
            {
                if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
                {
                    matched |= c >= pattern[i] && c <= pattern[i + 2];
                    i += 3;
                }
                else
                {
                    matched |= c == pattern[i];
                    i++;
                }
            }
            if (i >= pattern.Length)
            {
                // No closing bracket: '[' is literal.
                if (c != '[')
                    return false;
                p++;
                return true;
            }
            if (matched == negate)
                return false;
            p = i + 1;
            return true;
        }
        if (first == '\\' && p + 1 < pattern.Length)
        {
            if (pattern[p + 1] != c)
                return false;
            p += 2;
            return true;
        }
        if (first != c)
            return false;
        p++;
        return true;
    }
}
