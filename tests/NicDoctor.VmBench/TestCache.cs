using System.Security.Cryptography;
using System.Text;

namespace NicDoctor.VmBench;

/// <summary>
/// Large generated test inputs live outside the repository, under
/// <c>/var/tmp/nicdoctor-test-cache/</c> (override: NICDOCTOR_TEST_CACHE), named by a hash of
/// everything that determines their content.
/// </summary>
public static class TestCache
{
    /// <summary>The cache directory (created on first use).</summary>
    public static string Root
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("NICDOCTOR_TEST_CACHE") is { Length: > 0 } custom
                ? custom
                : "/var/tmp/nicdoctor-test-cache";
            Directory.CreateDirectory(root);
            return root;
        }
    }

    /// <summary>
    /// The cached file for <paramref name="keyParts"/>; runs <paramref name="create"/> with a temp
    /// path to make it when absent, then renames it into place.
    /// </summary>
    public static string GetOrCreate(string name, IEnumerable<string> keyParts, Action<string> create)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', keyParts))))[..16];
        var path = Path.Combine(Root, $"{key}-{name}");
        if (File.Exists(path))
            return path;
        var temp = path + ".tmp-" + Environment.ProcessId;
        try
        {
            create(temp);
            AtomicFile.Commit(temp, path);
        }
        finally
        {
            File.Delete(temp);
        }
        return path;
    }
}
