using System.Security.Cryptography;
using System.Text;

namespace NicDoctor.KernelModules.Tests;

/// <summary>
/// Generated inputs, built on demand by the real toolchain and cached under
/// /var/tmp/nicdoctor-test-cache keyed by the hash of their sources and the kernel release.
/// </summary>
internal static class TestArtifacts
{
    private static readonly string CacheRoot = "/var/tmp/nicdoctor-test-cache";
    private static readonly Lock Gate = new();

    public static string FixturePath(params string[] parts) => Path.Join([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>nd_hello.ko built with -g against linux-headers-KVER (Fixtures/hello-module/build.sh).</summary>
    public static string HelloModule()
    {
        string source = FixturePath("hello-module");
        string key = Hash(File.ReadAllText(Path.Join(source, "nd_hello.c")) + File.ReadAllText(Path.Join(source, "build.sh")) + DebianKernel.Release);
        string dir = Path.Join(CacheRoot, $"nd_hello-{DebianKernel.Release}-{key}");
        string module = Path.Join(dir, "nd_hello.ko");
        lock (Gate)
        {
            if (!File.Exists(module))
            {
                if (!Directory.Exists($"/usr/src/linux-headers-{DebianKernel.Release}"))
                    throw new InvalidOperationException($"linux-headers-{DebianKernel.Release} missing: install linux-headers-amd64 (.ci/apt-packages.txt)");
                string build = dir + ".build";
                if (Directory.Exists(build))
                    Directory.Delete(build, recursive: true);
                RealTools.Run("sh", [Path.Join(source, "build.sh"), build, DebianKernel.Release]);
                if (Directory.Exists(dir))
                    Directory.Delete(dir, recursive: true);
                Directory.Move(build, dir);
            }
        }
        return module;
    }

    /// <summary>Fixtures/cross/sample.c compiled by clang for <paramref name="target"/> with -g.</summary>
    public static string CrossObject(string target)
    {
        string source = FixturePath("cross", "sample.c");
        string key = Hash(File.ReadAllText(source) + target);
        string obj = Path.Join(CacheRoot, $"cross-{target}-{key}.o");
        lock (Gate)
        {
            if (!File.Exists(obj))
            {
                Directory.CreateDirectory(CacheRoot);
                RealTools.Run("clang", ["--target=" + target, "-g", "-O1", "-c", source, "-o", obj + ".tmp"]);
                File.Move(obj + ".tmp", obj, overwrite: true);
            }
        }
        return obj;
    }

    /// <summary>A fresh scratch directory for one test.</summary>
    public static string ScratchDirectory()
    {
        string dir = Path.Join(Path.GetTempPath(), "nicdoctor-kmod-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
}
