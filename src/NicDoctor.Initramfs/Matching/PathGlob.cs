namespace NicDoctor.Initramfs.Matching;

/// <summary>
/// Shell glob as cpio matches names (fnmatch without FNM_PATHNAME): <c>*</c> and <c>?</c> also
/// match <c>/</c>; <c>[abc]</c>, <c>[a-z]</c>, <c>[!x]</c>/<c>[^x]</c> and <c>\</c> escapes.
/// </summary>
public static class PathGlob
{
    public static bool IsMatch(string pattern, string name) => Match(pattern.AsSpan(), name.AsSpan());

    /// <summary>True when no patterns are given or any of them matches.</summary>
    public static bool MatchesAny(IReadOnlyList<string> patterns, string name)
    {
        if (patterns.Count == 0)
            return true;
        foreach (string p in patterns)
        {
            if (IsMatch(p, name))
                return true;
        }
        return false;
    }

    private static bool Match(ReadOnlySpan<char> p, ReadOnlySpan<char> s)
    {
        int pi = 0, si = 0, starP = -1, starS = -1;
        while (si < s.Length)
        {
            if (pi < p.Length && p[pi] == '*')
            {
                starP = ++pi;
                starS = si;
                continue;
            }
            if (pi < p.Length && MatchOne(p, ref pi, s[si]))
            {
                si++;
                continue;
            }
            if (starP < 0)
                return false;
            pi = starP;
            si = ++starS;
        }
        while (pi < p.Length && p[pi] == '*')
            pi++;
        return pi == p.Length;
    }

    /// <summary>Matches one pattern element at <paramref name="pi"/> against <paramref name="c"/>, advancing on success.</summary>
    private static bool MatchOne(ReadOnlySpan<char> p, ref int pi, char c)
    {
        char pc = p[pi];
        if (pc == '?')
        {
            pi++;
            return true;
        }
        if (pc == '\\' && pi + 1 < p.Length)
        {
            if (p[pi + 1] != c)
                return false;
            pi += 2;
            return true;
        }
        if (pc == '[')
        {
            int i = pi + 1;
            bool negate = i < p.Length && (p[i] == '!' || p[i] == '^');
            if (negate)
                i++;
            bool matched = false;
            bool first = true;
            while (i < p.Length && (p[i] != ']' || first))
            {
                first = false;
                char lo = p[i];
                if (i + 2 < p.Length && p[i + 1] == '-' && p[i + 2] != ']')
                {
                    if (c >= lo && c <= p[i + 2])
                        matched = true;
                    i += 3;
                }
                else
                {
                    if (c == lo)
                        matched = true;
                    i++;
                }
            }
            if (i >= p.Length)
            {
                // No closing bracket: '[' is literal.
                if (c != '[')
                    return false;
                pi++;
                return true;
            }
            if (matched == negate)
                return false;
            pi = i + 1;
            return true;
        }
        if (pc != c)
            return false;
        pi++;
        return true;
    }
}
