namespace NicDoctor.Upgrade.HostFit;

/// <summary>Reads <c>name=value</c> parameters from a kernel command line (the last one wins, as in the kernel).</summary>
internal static class KernelCommandLine
{
    public static string? Get(string cmdline, string name)
    {
        string? value = null;
        foreach (string word in cmdline.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.StartsWith(name + "=", StringComparison.Ordinal))
                value = word[(name.Length + 1)..].Trim('"');
        }
        return value;
    }
}
