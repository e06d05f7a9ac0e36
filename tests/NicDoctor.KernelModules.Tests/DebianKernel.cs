namespace NicDoctor.KernelModules.Tests;

/// <summary>
/// The Debian kernel the tests use (linux-image-amd64 in .ci/apt-packages.txt): the newest
/// release under /lib/modules that has a modules.dep.
/// </summary>
internal static class DebianKernel
{
    private static readonly Lazy<string> ReleaseValue = new(() =>
        Directory.GetDirectories("/lib/modules")
            .Where(d => File.Exists(Path.Join(d, "modules.dep")) && Directory.Exists(Path.Join(d, "kernel")))
            .Select(Path.GetFileName)
            .OrderDescending(StringComparer.Ordinal)
            .FirstOrDefault() ?? throw new InvalidOperationException("no kernel under /lib/modules: install linux-image-amd64"));

    public static string Release => ReleaseValue.Value;

    public static string ModulesDir => Path.Join("/lib/modules", Release);

    /// <summary>Every .ko under the kernel tree, sorted.</summary>
    public static string[] AllModules() =>
        [.. Directory.EnumerateFiles(Path.Join(ModulesDir, "kernel"), "*.ko*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    public static string Module(string name) =>
        AllModules().FirstOrDefault(p => Path.GetFileName(p) == name + ".ko") ?? throw new InvalidOperationException($"{name}.ko not in {ModulesDir}");
}
