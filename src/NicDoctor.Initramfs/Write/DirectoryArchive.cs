using System.Text;

namespace NicDoctor.Initramfs.Write;

/// <summary>
/// The entries of a directory tree in a stable order (ordinal by path, so a directory precedes
/// its contents), owned by root as dracut stores them, inodes numbered in that order.
/// With a <c>SOURCE_DATE_EPOCH</c> every mtime is that time, so the same tree gives the same bytes.
/// Hard links are kept: the data goes on the first name, later names carry none.
/// </summary>
public static class DirectoryArchive
{
    public static IReadOnlyList<ArchiveItem> Read(string root, long? sourceDateEpoch)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"{root}: no such directory");
        var paths = new List<string>();
        Collect(root, "", paths);
        paths.Sort(StringComparer.Ordinal);

        var infos = paths.Select(p => (Path: p, Info: FileStatus.Of(Path.Join(root, p)))).ToList();
        var linkCounts = infos.Where(x => x.Info.LinkCount > 1 && IsRegular(x.Info.Mode))
            .GroupBy(x => (x.Info.Device, x.Info.Inode)).ToDictionary(g => g.Key, g => g.Count());
        var inodes = new Dictionary<(ulong, ulong), ulong>();
        var items = new List<ArchiveItem>(infos.Count);
        ulong nextInode = 1;
        foreach ((string path, FileStatus.Info info) in infos)
        {
            uint nlink = 1;
            bool firstName = true;
            ulong inode;
            if (linkCounts.TryGetValue((info.Device, info.Inode), out int names) && names > 1)
            {
                nlink = (uint)names;
                firstName = !inodes.ContainsKey((info.Device, info.Inode));
                if (firstName)
                    inodes[(info.Device, info.Inode)] = nextInode++;
                inode = inodes[(info.Device, info.Inode)];
            }
            else
                inode = nextInode++;
            if (IsDirectory(info.Mode))
                nlink = 2;
            string full = Path.Join(root, path);
            byte[]? inline = null;
            long size = 0;
            string? source = null;
            if (IsSymlink(info.Mode))
            {
                inline = Encoding.UTF8.GetBytes(new FileInfo(full).LinkTarget ?? "");
                size = inline.Length;
            }
            else if (IsRegular(info.Mode) && firstName)
            {
                size = info.Size;
                source = size > 0 ? full : null;
            }
            var header = new CpioEntryHeader(path, info.Mode, size)
            {
                Inode = inode,
                LinkCount = nlink,
                ModificationTime = sourceDateEpoch ?? info.ModificationTime,
                RDevMajor = info.RDevMajor,
                RDevMinor = info.RDevMinor,
            };
            items.Add(new ArchiveItem(header, source, inline));
        }
        return items;
    }

    private static bool IsRegular(uint mode) => (mode & 0xF000) == 0x8000;
    private static bool IsDirectory(uint mode) => (mode & 0xF000) == 0x4000;
    private static bool IsSymlink(uint mode) => (mode & 0xF000) == 0xA000;

    private static void Collect(string root, string relative, List<string> into)
    {
        foreach (FileSystemInfo child in new DirectoryInfo(Path.Join(root, relative)).EnumerateFileSystemInfos())
        {
            string path = relative.Length == 0 ? child.Name : relative + "/" + child.Name;
            into.Add(path);
            if (child is DirectoryInfo && child.LinkTarget is null)
                Collect(root, path, into);
        }
    }
}
