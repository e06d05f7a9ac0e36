using System.Text;

namespace NicDoctor.Upgrade.Boot;

/// <summary>
/// GRUB's environment block (<c>grubenv</c>): a 1024-byte file starting with
/// <c># GRUB Environment Block</c>, then <c>name=value</c> lines, padded with '#'. Holds
/// <c>saved_entry</c> (the default), <c>next_entry</c> (one-shot, <c>grub2-reboot</c>) and on RHEL 8
/// <c>kernelopts</c>. Values escape '\' and newline with a backslash (grub-editenv).
/// </summary>
public sealed class GrubEnvironment
{
    public const string Header = "# GRUB Environment Block";

    private GrubEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        Variables = variables;
    }

    public static GrubEnvironment Empty { get; } = new(new Dictionary<string, string>());

    public IReadOnlyDictionary<string, string> Variables { get; }

    public string? SavedEntry => Get("saved_entry");

    public string? NextEntry => Get("next_entry");

    public string? Get(string name) => Variables.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    /// <summary>Parses a grubenv file's text; <paramref name="fileName"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The block does not start with the GRUB header.</exception>
    public static GrubEnvironment Parse(string text, string fileName)
    {
        if (!text.StartsWith(Header, StringComparison.Ordinal))
            throw new InvalidDataException($"{fileName}: line 1: not a GRUB environment block (expected '{Header}')");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in Lines(text[Header.Length..]))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
                variables[line[..eq]] = line[(eq + 1)..];
        }
        return new GrubEnvironment(variables);
    }

    /// <summary>
    /// The block with <paramref name="name"/> set to <paramref name="value"/>, as <c>grub-editenv FILE set</c>
    /// writes it: an existing variable is replaced where it stands, a new one goes after the last line
    /// before the '#' padding, '\' and newline are escaped with a backslash, and the block keeps its size.
    /// </summary>
    /// <exception cref="InvalidDataException">Not an environment block, or the value does not fit.</exception>
    public static string Set(string block, string name, string value, string fileName)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (!block.StartsWith(Header, StringComparison.Ordinal))
            throw new InvalidDataException($"{fileName}: line 1: not a GRUB environment block (expected '{Header}')");
        string escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\\n", StringComparison.Ordinal);
        string line = $"{name}={escaped}\n";
        string text = Unset(block, name);
        int end = text.Length;
        while (end > 0 && text[end - 1] == '#')
            end--;
        if (end == 0 || text[end - 1] != '\n')
            throw new InvalidDataException($"{fileName}: the environment block has no room after its last line");
        int padding = text.Length - end - line.Length;
        if (padding < 0)
            throw new InvalidDataException($"{fileName}: {name}={value} does not fit in the {block.Length}-byte block");
        int at = FindVariable(block, name);
        if (at >= 0)
        {
            // In place, as grub-editenv does: the rest moves, the padding absorbs the difference.
            string before = text[..at];
            string after = text[at..end];
            return before + line + after + new string('#', padding);
        }
        return text[..end] + line + new string('#', padding);
    }

    /// <summary>The block without <paramref name="name"/> (same size; the padding grows), as <c>grub-editenv FILE unset</c>.</summary>
    public static string Unset(string block, string name)
    {
        ArgumentNullException.ThrowIfNull(block);
        int at = FindVariable(block, name);
        if (at < 0)
            return block;
        int stop = at;
        while (stop < block.Length && block[stop] != '\n')
            stop += block[stop] == '\\' ? 2 : 1;
        stop = Math.Min(stop + 1, block.Length);
        int end = block.Length;
        while (end > 0 && block[end - 1] == '#')
            end--;
        return block[..at] + block[stop..end] + new string('#', block.Length - end + (stop - at));
    }

    // Offset of "name=" at the start of a line, or -1.
    private static int FindVariable(string block, string name)
    {
        string key = "\n" + name + "=";
        int at = block.IndexOf(key, StringComparison.Ordinal);
        return at < 0 ? -1 : at + 1;
    }

    // A backslash-newline is part of a value, not a line end.
    private static IEnumerable<string> Lines(string text)
    {
        var line = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                line.Append(text[++i]);
            }
            else if (c == '\n')
            {
                yield return line.ToString();
                line.Clear();
            }
            else
            {
                line.Append(c);
            }
        }
        if (line.Length > 0)
            yield return line.ToString();
    }
}
