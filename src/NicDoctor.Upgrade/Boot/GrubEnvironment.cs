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
