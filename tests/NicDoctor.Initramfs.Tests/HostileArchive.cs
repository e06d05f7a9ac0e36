using System.Globalization;
using System.Text;

namespace NicDoctor.Initramfs.Tests;

/// <summary>
/// Writes newc archives with names GNU cpio would not produce from a real tree (traversal,
/// absolute, write-through-symlink). Test-only and independent of the reader under test.
/// </summary>
internal sealed class HostileArchive
{
    private readonly MemoryStream _bytes = new();
    private uint _inode = 1000;

    public HostileArchive File(string name, string content) => Add(name, 0x81A4, 1, _inode++, Encoding.UTF8.GetBytes(content));

    public HostileArchive Directory(string name) => Add(name, 0x41ED, 2, _inode++, []);

    public HostileArchive Symlink(string name, string target) => Add(name, 0xA1FF, 1, _inode++, Encoding.UTF8.GetBytes(target));

    /// <summary>Two names of one inode; the data on the second (GNU cpio's way).</summary>
    public HostileArchive HardLinked(string first, string second, string content)
    {
        uint inode = _inode++;
        Add(first, 0x81A4, 2, inode, []);
        return Add(second, 0x81A4, 2, inode, Encoding.UTF8.GetBytes(content));
    }

    /// <summary>
    /// A hard-linked name, then the same name again as a symlink to <paramref name="target"/>, then
    /// the inode's second name with the data: a writer that remembers "first" as a path would write
    /// the data through the symlink.
    /// </summary>
    public HostileArchive HardLinkedThroughSymlink(string first, string second, string target, string content)
    {
        uint inode = _inode++;
        Add(first, 0x81A4, 2, inode, []);
        Symlink(first, target);
        return Add(second, 0x81A4, 2, inode, Encoding.UTF8.GetBytes(content));
    }

    public byte[] ToArray()
    {
        Add("TRAILER!!!", 0, 1, 0, []);
        return _bytes.ToArray();
    }

    private HostileArchive Add(string name, uint mode, uint nlink, uint inode, byte[] data)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        string header = string.Create(CultureInfo.InvariantCulture,
            $"070701{inode:X8}{mode:X8}{0:X8}{0:X8}{nlink:X8}{1700000000:X8}{data.Length:X8}{0:X8}{0:X8}{0:X8}{0:X8}{nameBytes.Length:X8}{0:X8}");
        _bytes.Write(Encoding.ASCII.GetBytes(header));
        _bytes.Write(nameBytes);
        Pad();
        _bytes.Write(data);
        Pad();
        return this;
    }

    private void Pad()
    {
        while (_bytes.Length % 4 != 0)
            _bytes.WriteByte(0);
    }
}
