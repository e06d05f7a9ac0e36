using System.Globalization;
using System.Text;

namespace NicDoctor.Upgrade.Boot;

/// <summary>One mount: <c>device mountpoint fstype options</c>.</summary>
public sealed record MountEntry(string Device, string MountPoint, string FileSystemType, string Options);

/// <summary>
/// The host's mounts: <c>/proc/mounts</c> under the root when present (the live truth), else
/// <c>/etc/fstab</c> (a sandbox tree or an offline root). Octal escapes (<c>\040</c>) are decoded.
/// </summary>
public sealed class MountTable
{
    private MountTable(string? source, IReadOnlyList<MountEntry> entries)
    {
        Source = source;
        Entries = entries;
    }

    /// <summary>The host path the table was read from, or null when neither file exists.</summary>
    public string? Source { get; }

    public IReadOnlyList<MountEntry> Entries { get; }

    public static MountTable Read(HostRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (string file in new[] { "/proc/mounts", "/etc/fstab" })
        {
            if (root.ReadText(file) is { } text)
                return new MountTable(file, Parse(text));
        }
        return new MountTable(null, []);
    }

    public static IReadOnlyList<MountEntry> Parse(string text)
    {
        var entries = new List<MountEntry>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            string[] f = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 3)
                continue;
            entries.Add(new MountEntry(Unescape(f[0]), Unescape(f[1]), f[2], f.Length > 3 ? f[3] : ""));
        }
        return entries;
    }

    /// <summary>The mount at exactly <paramref name="mountPoint"/> (the last one: later mounts hide earlier ones).</summary>
    public MountEntry? Find(string mountPoint) =>
        Entries.LastOrDefault(e => e.MountPoint == mountPoint && e.FileSystemType != "rootfs");

    /// <summary>True when /boot is a file system of its own: GRUB then reads <c>/vmlinuz-…</c>, not <c>/boot/vmlinuz-…</c>.</summary>
    public bool BootIsSeparate => Find("/boot") is not null;

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
            return field;
        var text = new StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && int.TryParse(field.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }
}
