using System.Text;

namespace NicDoctor.KernelModules.Tests;

/// <summary>Our modinfo text against kmod's modinfo, byte for byte, on every module of the Debian kernel.</summary>
public sealed class ModinfoParityTests
{
    [Fact]
    public void EveryDebianModuleMatchesKmodModinfo()
    {
        string[] modules = DebianKernel.AllModules();
        Assert.True(modules.Length >= 4000, $"expected >= 4000 modules, found {modules.Length}");

        // modinfo takes many files at once; batches keep the command line short.
        var expected = new StringBuilder();
        foreach (string[] batch in modules.Chunk(500))
            expected.Append(RealTools.Run("modinfo", batch));

        var actual = new StringWriter();
        foreach (string path in modules)
            ModinfoText.Write(actual, ModuleInfo.FromFile(path));

        AssertSameText(expected.ToString(), actual.ToString());
    }

    [Theory]
    [InlineData("parm")]
    [InlineData("signature")]
    [InlineData("alias")]
    [InlineData("filename")]
    [InlineData("sig_key")]
    public void FieldSelectionMatchesKmod(string field)
    {
        string[] modules = DebianKernel.AllModules().Where((_, i) => i % 20 == 0).ToArray();
        string expected = RealTools.Run("modinfo", ["-F", field, .. modules]);
        var actual = new StringWriter();
        foreach (string path in modules)
            ModinfoText.Write(actual, ModuleInfo.FromFile(path), field);
        AssertSameText(expected, actual.ToString());
    }

    [Fact]
    public void NulSeparatedOutputMatchesKmod()
    {
        string[] modules = DebianKernel.AllModules().Where((_, i) => i % 50 == 0).ToArray();
        string expected = RealTools.Run("modinfo", ["-0", .. modules]);
        var actual = new StringWriter();
        foreach (string path in modules)
            ModinfoText.Write(actual, ModuleInfo.FromFile(path), nullSeparator: true);
        AssertSameText(expected, actual.ToString());
    }

    internal static void AssertSameText(string expected, string actual)
    {
        if (expected == actual)
            return;
        int at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
            at++;
        int from = Math.Max(0, expected.LastIndexOf("filename:", Math.Min(at, expected.Length - 1), StringComparison.Ordinal));
        Assert.Fail($"first difference at char {at}\n--- modinfo:\n{Excerpt(expected, from, at)}\n--- ours:\n{Excerpt(actual, from, at)}");
    }

    private static string Excerpt(string text, int from, int at) =>
        from >= text.Length ? "(end)" : text[from..Math.Min(text.Length, at + 200)];
}
