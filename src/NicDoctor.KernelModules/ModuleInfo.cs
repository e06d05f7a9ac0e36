using NicDoctor.KernelModules.Signing;

namespace NicDoctor.KernelModules;

/// <summary>
/// What <c>modinfo</c> knows about one module: the file name (or "(builtin)") and the
/// <c>.modinfo</c> entries in file order followed by the signature facts, as libkmod's
/// kmod_module_get_info assembles them.
/// </summary>
public sealed record ModuleInfo(string Filename, string? BuiltinName, IReadOnlyList<ModinfoEntry> Entries)
{
    /// <summary>Line length of the hex dumps of <c>sig_key</c> and <c>signature</c> (bytes per line).</summary>
    private const int HexBytesPerLine = 20;

    public bool IsBuiltin => BuiltinName is not null;

    /// <summary>Reads <paramref name="path"/>; <paramref name="displayPath"/> is what <c>filename:</c> shows.</summary>
    public static ModuleInfo FromFile(string path, string? displayPath = null)
    {
        using ModuleFile module = ModuleFile.Open(path);
        return FromModule(module, displayPath ?? path);
    }

    public static ModuleInfo FromModule(ModuleFile module, string displayPath)
    {
        var entries = new List<ModinfoEntry>(module.ReadModinfo());
        ModuleSignature? signature = module.ReadSignature();
        if (signature is not null)
        {
            entries.Add(new ModinfoEntry("sig_id", signature.IdType));
            entries.Add(new ModinfoEntry("signer", signature.Signer));
            entries.Add(new ModinfoEntry("sig_key", Hex(signature.KeyId)));
            entries.Add(new ModinfoEntry("sig_hashalgo", signature.HashAlgorithm));
            entries.Add(new ModinfoEntry("signature", Hex(signature.Signature)));
        }
        return new ModuleInfo(displayPath, null, entries);
    }

    /// <summary>A built-in module: its entries come from <c>modules.builtin.modinfo</c>.</summary>
    public static ModuleInfo Builtin(string name, IReadOnlyList<ModinfoEntry> entries) => new("(builtin)", name, entries);

    /// <summary>Bytes as kmod prints them: <c>01:AB:…</c>, a line break and two tabs after every 20 bytes.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes)
    {
        var text = new System.Text.StringBuilder(bytes.Length * 3);
        for (int i = 0; i < bytes.Length; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{bytes[i]:X2}");
            if (i < bytes.Length - 1)
            {
                text.Append(':');
                if ((i + 1) % HexBytesPerLine == 0)
                    text.Append("\n\t\t");
            }
        }
        return text.ToString();
    }
}
