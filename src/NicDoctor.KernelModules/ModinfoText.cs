namespace NicDoctor.KernelModules;

/// <summary>
/// Formats <see cref="ModuleInfo"/> byte-for-byte like kmod's <c>modinfo</c> (tools/modinfo.c):
/// <c>key:</c> padded to column 16, <c>parm</c>/<c>parmtype</c> merged and printed last in reverse
/// order of first appearance, <c>-F</c> prints values only, <c>-0</c> ends records with NUL.
/// </summary>
public static class ModinfoText
{
    private const int KeyColumn = 16;

    /// <summary>
    /// Writes one module. <paramref name="field"/> selects one key (like <c>-F</c>);
    /// <paramref name="nullSeparator"/> is <c>-0</c>. Returns the <c>parm</c> values that kmod
    /// would reject (no ':'), for the caller to warn about.
    /// </summary>
    public static IReadOnlyList<string> Write(TextWriter writer, ModuleInfo info, string? field = null, bool nullSeparator = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(info);
        char sep = nullSeparator ? '\0' : '\n';
        var invalid = new List<string>();
        if (info.BuiltinName is not null)
        {
            if (field is null)
                writer.Write($"{Pad("name:")}{info.BuiltinName}{sep}");
            else if (field == "name")
                writer.Write($"{info.BuiltinName}{sep}");
        }
        if (field == "filename")
        {
            writer.Write($"{info.Filename}{sep}");
            return invalid;
        }
        if (field is null)
            writer.Write($"{Pad("filename:")}{info.Filename}{sep}");

        var parameters = new List<Parameter>();
        if (field == "parm")
        {
            foreach (ModinfoEntry e in info.Entries)
            {
                if (e.Key is "parm" or "parmtype")
                    AddParameter(parameters, e, invalid);
            }
            foreach (Parameter p in Enumerable.Reverse(parameters))
            {
                writer.Write(p.Description is null ? $"{p.Name}: ({p.Type}){sep}"
                    : p.Type is not null ? $"{p.Name}:{p.Description} ({p.Type}){sep}"
                    : $"{p.Name}:{p.Description}{sep}");
            }
            return invalid;
        }

        foreach (ModinfoEntry e in info.Entries)
        {
            if (field is not null)
            {
                if (e.Key == field)
                    writer.Write($"{e.Value}{sep}");
                continue;
            }
            if (e.Key is "parm" or "parmtype")
            {
                AddParameter(parameters, e, invalid);
                continue;
            }
            if (nullSeparator)
            {
                writer.Write($"{e.Key}={e.Value}{sep}");
                continue;
            }
            // printf("%s:%-*s", key, 15 - keylen, ""): a negative width still pads (left-justified).
            writer.Write(e.Key);
            writer.Write(':');
            writer.Write(new string(' ', Math.Abs(KeyColumn - 1 - e.Key.Length)));
            writer.Write(e.Value);
            writer.Write(sep);
        }
        if (field is not null)
            return invalid;
        foreach (Parameter p in Enumerable.Reverse(parameters))
        {
            writer.Write(p.Description is null ? $"{Pad("parm:")}{p.Name}:{p.Type}{sep}"
                : p.Type is not null ? $"{Pad("parm:")}{p.Name}:{p.Description} ({p.Type}){sep}"
                : $"{Pad("parm:")}{p.Name}:{p.Description}{sep}");
        }
        return invalid;
    }

    private static string Pad(string label) => label.PadRight(KeyColumn);

    // kmod keeps one record per parameter name; a later parm/parmtype replaces the earlier text.
    private static void AddParameter(List<Parameter> parameters, ModinfoEntry entry, List<string> invalid)
    {
        int colon = entry.Value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            invalid.Add($"{entry.Key}={entry.Value}");
            return;
        }
        string name = entry.Value[..colon];
        string text = entry.Value[(colon + 1)..];
        int index = parameters.FindIndex(p => p.Name == name);
        if (index < 0)
        {
            parameters.Add(new Parameter(name, null, null));
            index = parameters.Count - 1;
        }
        parameters[index] = entry.Key == "parm"
            ? parameters[index] with { Description = text }
            : parameters[index] with { Type = text };
    }

    private sealed record Parameter(string Name, string? Description, string? Type);
}
