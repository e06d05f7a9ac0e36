using System.Globalization;
using System.Text;
using NicDoctor.Initramfs.Cpio;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary>
/// <c>ls -l</c>-style lines for <c>list --long</c>. Owner names come from this host's
/// /etc/passwd and /etc/group (numbers when unknown), cached; the last date string is reused.
/// </summary>
internal sealed class LongListingFormatter
{
    private readonly Dictionary<uint, string> _users = ReadNames("/etc/passwd");
    private readonly Dictionary<uint, string> _groups = ReadNames("/etc/group");
    private long _lastMtime = long.MinValue;
    private string _lastDate = "";

    public void Append(StringBuilder line, CpioEntry entry)
    {
        line.Append(TypeChar(entry.EntryType));
        AppendPermissions(line, entry.RawMode);
        line.Append(' ').Append(entry.LinkCount.ToString(CultureInfo.InvariantCulture).PadLeft(3));
        line.Append(' ').Append(Name(_users, entry.Uid).PadRight(8));
        line.Append(' ').Append(Name(_groups, entry.Gid).PadRight(8));
        string size = entry.EntryType is CpioEntryType.CharacterDevice or CpioEntryType.BlockDevice
            ? string.Create(CultureInfo.InvariantCulture, $"{entry.RDevMajor}, {entry.RDevMinor}")
            : entry.Length.ToString(CultureInfo.InvariantCulture);
        line.Append(' ').Append(size.PadLeft(9));
        line.Append(' ').Append(Date(entry.ModificationTimeSeconds));
        line.Append(' ').Append(entry.Name);
        if (entry.LinkTarget is not null)
            line.Append(" -> ").Append(entry.LinkTarget);
        else if (entry.HardLinkTarget is not null)
            line.Append(" link to ").Append(entry.HardLinkTarget);
        line.Append('\n');
    }

    private string Date(long mtime)
    {
        if (mtime != _lastMtime)
        {
            _lastMtime = mtime;
            _lastDate = DateTimeOffset.FromUnixTimeSeconds(mtime).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        }
        return _lastDate;
    }

    private static char TypeChar(CpioEntryType type) => type switch
    {
        CpioEntryType.Directory => 'd',
        CpioEntryType.SymbolicLink => 'l',
        CpioEntryType.CharacterDevice => 'c',
        CpioEntryType.BlockDevice => 'b',
        CpioEntryType.Fifo => 'p',
        CpioEntryType.Socket => 's',
        CpioEntryType.RegularFile => '-',
        _ => '?',
    };

    private static void AppendPermissions(StringBuilder line, uint mode)
    {
        line.Append((mode & 0x100) != 0 ? 'r' : '-').Append((mode & 0x80) != 0 ? 'w' : '-');
        line.Append(Exec(mode & 0x40, mode & 0x800, 's'));
        line.Append((mode & 0x20) != 0 ? 'r' : '-').Append((mode & 0x10) != 0 ? 'w' : '-');
        line.Append(Exec(mode & 0x8, mode & 0x400, 's'));
        line.Append((mode & 0x4) != 0 ? 'r' : '-').Append((mode & 0x2) != 0 ? 'w' : '-');
        line.Append(Exec(mode & 0x1, mode & 0x200, 't'));
    }

    private static char Exec(uint exec, uint special, char letter) =>
        special != 0 ? (exec != 0 ? letter : char.ToUpperInvariant(letter)) : (exec != 0 ? 'x' : '-');

    private static string Name(Dictionary<uint, string> names, uint id) =>
        names.TryGetValue(id, out string? name) ? name : id.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<uint, string> ReadNames(string file)
    {
        var names = new Dictionary<uint, string>();
        try
        {
            foreach (string line in File.ReadLines(file))
            {
                string[] fields = line.Split(':');
                if (fields.Length > 2 && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
                    names.TryAdd(id, fields[0]);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return names;
    }
}
