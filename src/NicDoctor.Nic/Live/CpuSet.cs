using System.Globalization;

namespace NicDoctor.Nic.Live;

/// <summary>Parses the kernel's two CPU-set spellings: hex masks (<c>xps_cpus</c>) and lists (<c>smp_affinity_list</c>).</summary>
public static class CpuSet
{
    /// <summary>
    /// A hex mask as sysfs prints it: 32-bit groups separated by commas, most significant first
    /// (<c>00000000,00001000</c> is CPU 12). An all-zero mask is the empty set.
    /// </summary>
    public static IReadOnlyList<int> ParseMask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] groups = text.Trim().Split(',');
        var cpus = new List<int>();
        for (int g = 0; g < groups.Length; g++)
        {
            if (!uint.TryParse(groups[g], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint bits))
                throw new FormatException($"'{text.Trim()}' is not a CPU mask");
            int baseCpu = (groups.Length - 1 - g) * 32;
            for (int b = 0; b < 32; b++)
            {
                if ((bits & (1u << b)) != 0)
                    cpus.Add(baseCpu + b);
            }
        }
        cpus.Sort();
        return cpus;
    }

    /// <summary>A CPU list: <c>0-3,8,10-11</c>. Empty text is the empty set.</summary>
    public static IReadOnlyList<int> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cpus = new List<int>();
        foreach (string part in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            int first = int.Parse(dash < 0 ? part : part[..dash], NumberStyles.None, CultureInfo.InvariantCulture);
            int last = dash < 0 ? first : int.Parse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
            for (int c = first; c <= last; c++)
                cpus.Add(c);
        }
        return cpus;
    }

    /// <summary>Formats as a compact list (<c>0-3,8</c>), the way the kernel prints lists.</summary>
    public static string Format(IReadOnlyList<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        var parts = new List<string>();
        for (int i = 0; i < cpus.Count;)
        {
            int j = i;
            while (j + 1 < cpus.Count && cpus[j + 1] == cpus[j] + 1)
                j++;
            parts.Add(i == j ? cpus[i].ToString(CultureInfo.InvariantCulture) : $"{cpus[i]}-{cpus[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }
}
