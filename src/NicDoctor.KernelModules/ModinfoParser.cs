namespace NicDoctor.KernelModules;

/// <summary>Splits a <c>.modinfo</c> section into entries exactly as kmod's kmod_elf_get_strings does.</summary>
internal static class ModinfoParser
{
    public static IReadOnlyList<ModinfoEntry> Parse(ReadOnlySpan<byte> section)
    {
        var entries = new List<ModinfoEntry>();
        int start = 0;
        while (start < section.Length - 1 && section[start] == 0)
            start++;
        if (section.Length - start <= 1)
            return entries;
        ReadOnlySpan<byte> strings = section[start..];
        int i = 0;
        while (i < strings.Length)
        {
            int end = strings[i..].IndexOf((byte)0);
            ReadOnlySpan<byte> one = end < 0 ? strings[i..] : strings.Slice(i, end);
            entries.Add(Split(one));
            if (end < 0)
                break;
            i += end;
            while (i < strings.Length && strings[i] == 0)
                i++;
        }
        return entries;
    }

    private static ModinfoEntry Split(ReadOnlySpan<byte> text)
    {
        int eq = text.IndexOf((byte)'=');
        return eq < 0
            ? new ModinfoEntry(ModuleFile.Text(text), string.Empty)
            : new ModinfoEntry(ModuleFile.Text(text[..eq]), ModuleFile.Text(text[(eq + 1)..]));
    }
}
