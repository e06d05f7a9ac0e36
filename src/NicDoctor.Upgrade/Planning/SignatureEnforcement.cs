namespace NicDoctor.Upgrade.Planning;

/// <summary>
/// Whether the target refuses unsigned modules, from what its /sys says: lockdown
/// (<c>/sys/kernel/security/lockdown</c> other than [none]), <c>module.sig_enforce=Y</c>, or
/// Secure Boot on (distribution kernels lock down under it).
/// </summary>
public static class SignatureEnforcement
{
    private const string SecureBootVariable = "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";

    /// <summary>The reason signatures are enforced, or null.</summary>
    public static string? Detect(string root)
    {
        string lockdown = Path.Join(root, "sys", "kernel", "security", "lockdown");
        if (File.Exists(lockdown))
        {
            string text = File.ReadAllText(lockdown);
            int open = text.IndexOf('[', StringComparison.Ordinal);
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (open >= 0 && close > open && text[(open + 1)..close] != "none")
                return $"kernel lockdown is '{text[(open + 1)..close]}' ({lockdown})";
        }
        string sigEnforce = Path.Join(root, "sys", "module", "module", "parameters", "sig_enforce");
        if (File.Exists(sigEnforce) && File.ReadAllText(sigEnforce).Trim() == "Y")
            return $"module.sig_enforce=Y ({sigEnforce})";
        string secureBoot = Path.Join(root, "sys", "firmware", "efi", "efivars", SecureBootVariable);
        if (File.Exists(secureBoot))
        {
            byte[] value = File.ReadAllBytes(secureBoot);
            // efivarfs: 4 attribute bytes, then the value.
            if (value.Length >= 5 && value[4] == 1)
                return $"Secure Boot is enabled ({secureBoot})";
        }
        return null;
    }
}
