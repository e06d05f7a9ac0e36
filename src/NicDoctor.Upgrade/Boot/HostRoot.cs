namespace NicDoctor.Upgrade.Boot;

/// <summary>
/// A system's root directory ("/" on the live host, or a sandbox tree): maps the host's absolute
/// paths to files under it, following symlinks as if chrooted (an absolute link target such as
/// <c>/boot/grub2/grubenv -&gt; /boot/efi/EFI/redhat/grubenv</c> stays inside the tree).
/// </summary>
public sealed class HostRoot
{
    private const int MaxLinks = 40;

    public HostRoot(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The root directory as an absolute path.</summary>
    public string Root { get; }

    /// <summary>True for the live system.</summary>
    public bool IsLive => Root == "/";

    /// <summary>The file under <see cref="Root"/> for the host path <paramref name="hostPath"/>, symlinks resolved.</summary>
    public string Resolve(string hostPath)
    {
        var done = new List<string>();
        var pending = new Stack<string>(Split(hostPath).Reverse());
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == "..")
            {
                if (done.Count > 0)
                    done.RemoveAt(done.Count - 1);
                continue;
            }
            string candidate = Join(done.Append(part));
            var info = new FileInfo(candidate);
            if (info.LinkTarget is { } target && links++ < MaxLinks)
            {
                if (target.StartsWith('/'))
                    done.Clear();
                foreach (string p in Split(target).Reverse())
                    pending.Push(p);
                continue;
            }
            done.Add(part);
        }
        return Join(done);
    }

    /// <summary>The host path of a file under <see cref="Root"/> (the inverse of <see cref="Resolve"/> without links).</summary>
    public string ToHostPath(string fullPath)
    {
        string full = Path.GetFullPath(fullPath);
        if (IsLive)
            return full;
        string relative = Path.GetRelativePath(Root, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : "/" + (relative == "." ? "" : relative);
    }

    /// <summary>Reads a host file's text, or null when it does not exist.</summary>
    public string? ReadText(string hostPath)
    {
        string full = Resolve(hostPath);
        return File.Exists(full) ? File.ReadAllText(full) : null;
    }

    public bool FileExists(string hostPath) => File.Exists(Resolve(hostPath));

    private static IEnumerable<string> Split(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");

    private string Join(IEnumerable<string> parts)
    {
        string relative = string.Join('/', parts);
        return relative.Length == 0 ? Root : Path.Join(Root, relative);
    }
}
