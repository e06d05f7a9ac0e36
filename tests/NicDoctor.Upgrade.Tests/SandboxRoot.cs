using System.Text;

namespace NicDoctor.Upgrade.Tests;

/// <summary>
/// A target root built from Debian's real kernel: <c>lib/modules/KVER</c> with the real e1000e
/// and i40e and the real modules.order/builtin files (depmod run over them), <c>boot/</c> with
/// the real config and initrd. The base tree is cached under /var/tmp/nicdoctor-test-cache; each
/// test gets a hard-linked copy (apply and rollback replace files by rename, never in place).
/// </summary>
internal sealed class SandboxRoot : IDisposable
{
    /// <summary>The installed Debian kernel the tests use (the running one if installed, else the newest).</summary>
    public static readonly string Kernel = NicDoctor.VmBench.DebianKernel.Locate().Release;
    public const string E1000eRelative = "kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko";

    // A srcversion for the "rebuilt" e1000e (the in-box one has none): 23 hex digits like modpost's.
    public const string RebuiltSrcversion = "0123456789ABCDEF0123456";

    private static readonly string CacheRoot = Environment.GetEnvironmentVariable("NICDOCTOR_TEST_CACHE") is { Length: > 0 } c ? c : "/var/tmp/nicdoctor-test-cache";
    private static readonly Lock BuildLock = new();

    private SandboxRoot(string path) => Path = path;

    public string Path { get; }

    public string ModulesDir => System.IO.Path.Join(Path, "lib", "modules", Kernel);
    public string Image => System.IO.Path.Join(Path, "boot", $"initrd.img-{Kernel}");

    public static string HostModules => $"/lib/modules/{Kernel}";

    /// <summary>A fresh copy of the cached base tree.</summary>
    public static SandboxRoot Create(string? under = null)
    {
        string source = Base();
        string path = System.IO.Path.Join(under ?? System.IO.Path.Join(CacheRoot, "upgrade-work"), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        // Hard links on the cache's file system, a real copy elsewhere (tmpfs tests). The module
        // indexes are always real copies: busybox's depmod rewrites them in place.
        ExternalTool.Ok("cp", under is null ? "-al" : "-a", source, path);
        var root = new SandboxRoot(path);
        foreach (string index in Directory.GetFiles(root.ModulesDir, "modules.*"))
        {
            File.Copy(index, index + ".copy");
            File.Move(index + ".copy", index, overwrite: true);
        }
        return root;
    }

    public static string Base()
    {
        lock (BuildLock)
        {
            string path = System.IO.Path.Join(CacheRoot, $"upgrade-sandbox-{Kernel}-v1");
            if (Directory.Exists(path))
                return path;
            string temp = path + ".tmp-" + Environment.ProcessId;
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
            string modules = System.IO.Path.Join(temp, "lib", "modules", Kernel);
            foreach (string dir in new[] { "kernel/drivers/net/ethernet/intel/e1000e", "kernel/drivers/net/ethernet/intel/i40e" })
            {
                Directory.CreateDirectory(System.IO.Path.Join(modules, dir));
                foreach (string file in Directory.GetFiles(System.IO.Path.Join(HostModules, dir)))
                    File.Copy(file, System.IO.Path.Join(modules, dir, System.IO.Path.GetFileName(file)));
            }
            foreach (string name in new[] { "modules.order", "modules.builtin", "modules.builtin.modinfo" })
                File.Copy(System.IO.Path.Join(HostModules, name), System.IO.Path.Join(modules, name));
            ExternalTool.Ok("depmod", "-b", temp, "-a", Kernel);
            Directory.CreateDirectory(System.IO.Path.Join(temp, "boot"));
            foreach (string name in new[] { $"config-{Kernel}", $"initrd.img-{Kernel}" })
                File.Copy(System.IO.Path.Join("/boot", name), System.IO.Path.Join(temp, "boot", name));
            Directory.Move(temp, path);
            return path;
        }
    }

    /// <summary>
    /// The real e1000e.ko with its "author=" modinfo string rewritten, same length, into a
    /// "srcversion=" one: the module still loads (its signature no longer matches: taint E where
    /// signatures are not enforced) and identifies itself as a different build.
    /// </summary>
    public static string RebuiltE1000e()
    {
        string path = System.IO.Path.Join(CacheRoot, "upgrade-e1000e-rebuilt-v1.ko");
        lock (BuildLock)
        {
            if (File.Exists(path))
                return path;
            byte[] data = File.ReadAllBytes(System.IO.Path.Join(HostModules, E1000eRelative));
            byte[] author = Encoding.ASCII.GetBytes("author=Intel Corporation, <linux.nics@intel.com>\0");
            int at = data.AsSpan().IndexOf(author);
            Assert.True(at > 0, "e1000e.ko: author modinfo string not found");
            byte[] replacement = new byte[author.Length];
            byte[] fields = Encoding.ASCII.GetBytes($"srcversion={RebuiltSrcversion}\0author=Intel\0");
            fields.CopyTo(replacement, 0);
            replacement.CopyTo(data, at);
            File.WriteAllBytes(path + ".tmp", data);
            File.Move(path + ".tmp", path, overwrite: true);
            return path;
        }
    }

    /// <summary>
    /// A real generator for tests: puts the installed module into an uncompressed cpio under
    /// usr/lib/modules/KVER/updates/ and prepends it to the current image (an early archive, as
    /// microcode is shipped), so the image carries the new driver and loses nothing. Reproducible (mtime 0, owner 0, cpio --reproducible),
    /// so two applies of the same plan write the same image. GNU tools by path: under busybox sh a
    /// bare "cpio" is busybox's, which has no --reproducible.
    /// </summary>
    public static IReadOnlyList<string> PrependGenerator =>
    [
        "sh", "-c",
        "d=$(mktemp -d) && mkdir -p \"$d/usr/lib/modules/$1/updates\" && cp \"$2\" \"$d/usr/lib/modules/$1/updates/\" && /usr/bin/find \"$d/usr\" -exec /usr/bin/touch -h -d @0 {} + && (cd \"$d\" && /usr/bin/find usr | LC_ALL=C /usr/bin/sort | /usr/bin/cpio -o -H newc --reproducible --owner=0:0 --quiet) > \"$3\" && cat \"$4\" >> \"$3\"; rc=$?; rm -rf \"$d\"; exit $rc",
        "sh", "{kver}", "{module}", "{new}", "{current}",
    ];

    /// <summary>sha256 of every regular file under the root (relative path → hash), as sha256sum computes it.</summary>
    public Dictionary<string, string> Snapshot(bool includeState = false)
    {
        var files = Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Path, f))
            .Where(f => includeState || !f.StartsWith("var/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        // One sha256sum run for all files: the cross-check comes from the real tool.
        foreach (string[] chunk in files.Chunk(200))
        {
            string output = ExternalTool.Ok("sh", ["-c", "cd \"$0\" && sha256sum -- \"$@\"", Path, .. chunk]);
            foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                result[line[66..]] = line[..64];
        }
        return result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
