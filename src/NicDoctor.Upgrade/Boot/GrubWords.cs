using System.Text;

namespace NicDoctor.Upgrade.Boot;

/// <summary>
/// Splits one line of GRUB 2 script into words the way GRUB's lexer does for the commands we
/// read: '…' is literal, "…" and bare words keep <c>$var</c> for later expansion, a backslash
/// escapes the next character, and an unquoted <c>#</c> at a word start begins a comment.
/// </summary>
internal static class GrubWords
{
    public static List<string> Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c) && !inWord)
                continue;
            if (char.IsWhiteSpace(c))
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            if (c == '#' && !inWord)
                break;
            inWord = true;
            switch (c)
            {
                case '\'':
                    int close = line.IndexOf('\'', i + 1);
                    if (close < 0)
                        close = line.Length;
                    word.Append(line, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    for (i++; i < line.Length && line[i] != '"'; i++)
                    {
                        if (line[i] == '\\' && i + 1 < line.Length && "\"\\$".Contains(line[i + 1], StringComparison.Ordinal))
                            i++;
                        word.Append(line[i]);
                    }
                    break;
                case '\\' when i + 1 < line.Length:
                    word.Append(line[++i]);
                    break;
                default:
                    word.Append(c);
                    break;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }

    /// <summary>
    /// Expands <c>$name</c> and <c>${name}</c>; unknown variables become empty, as in GRUB.
    /// </summary>
    public static string Expand(string text, Func<string, string?> lookup)
    {
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
                continue;
            }
            int start = i + 1;
            string name;
            if (text[start] == '{')
            {
                int end = text.IndexOf('}', start);
                if (end < 0)
                {
                    result.Append(text[i]);
                    continue;
                }
                name = text[(start + 1)..end];
                i = end;
            }
            else
            {
                int end = start;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                    end++;
                if (end == start)
                {
                    result.Append(text[i]);
                    continue;
                }
                name = text[start..end];
                i = end - 1;
            }
            result.Append(lookup(name) ?? "");
        }
        return result.ToString();
    }
}
