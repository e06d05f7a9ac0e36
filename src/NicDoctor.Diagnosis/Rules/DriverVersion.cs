namespace NicDoctor.Diagnosis.Rules;

/// <summary>Whether a driver version carries a fix: yes, no, or cannot tell.</summary>
public enum FixState
{
    Unknown,
    Lacks,
    Has,
}

/// <summary>
/// Compares driver versions the way they appear in <c>ethtool -i</c>: out-of-tree releases
/// (<c>2.13.10</c>), in-kernel drivers with their own version (<c>1.6.27-k</c>, RHEL 7), and
/// in-tree drivers of kernels ≥ 5.x that report the kernel release (<c>6.1.0-56-amd64</c>).
/// </summary>
public static class DriverVersion
{
    public static FixState Check(string? version, string? kernelRelease, FixedIn fixedIn)
    {
        ArgumentNullException.ThrowIfNull(fixedIn);
        if (string.IsNullOrWhiteSpace(version))
            return FixState.Unknown;
        version = version.Trim();

        if (kernelRelease is not null && string.Equals(version, kernelRelease.Trim(), StringComparison.Ordinal))
            return Compare(version, fixedIn.Mainline); // in-tree driver of a modern kernel
        if (version.EndsWith("-k", StringComparison.Ordinal))
            return Compare(version[..^2], fixedIn.InKernel);
        return Compare(version, fixedIn.OutOfTree);
    }

    private static FixState Compare(string version, string? fixVersion)
    {
        if (fixVersion is null)
            return FixState.Unknown;
        int[]? have = Numbers(version);
        int[]? need = Numbers(fixVersion);
        if (have is null || need is null)
            return FixState.Unknown;
        for (int i = 0; i < Math.Max(have.Length, need.Length); i++)
        {
            int a = i < have.Length ? have[i] : 0;
            int b = i < need.Length ? need[i] : 0;
            if (a != b)
                return a < b ? FixState.Lacks : FixState.Has;
        }
        return FixState.Has;
    }

    /// <summary>Leading dotted numbers: "2.8.20" → [2, 8, 20]; "6.1.0-56-amd64" → [6, 1, 0].</summary>
    internal static int[]? Numbers(string version)
    {
        var parts = new List<int>();
        foreach (string part in version.Split('.'))
        {
            int digits = 0;
            while (digits < part.Length && char.IsAsciiDigit(part[digits]))
                digits++;
            if (digits == 0 || digits > 9)
                break;
            parts.Add(int.Parse(part.AsSpan(0, digits), System.Globalization.CultureInfo.InvariantCulture));
            if (digits < part.Length)
                break; // "0-56-amd64": stop at the first non-numeric tail
        }
        return parts.Count == 0 ? null : parts.ToArray();
    }
}
