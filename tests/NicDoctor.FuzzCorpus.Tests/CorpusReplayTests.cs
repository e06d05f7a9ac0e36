using NicDoctor.Fuzz.Targets;

namespace NicDoctor.FuzzCorpus.Tests;

/// <summary>
/// Every saved fuzz input (the minimised afl queues in fuzz/corpus and the seeds in fuzz/seeds)
/// goes through its engine once, uninstrumented: only the engine's documented bad-input
/// exception may come out, and its message must name the input. Long fuzzing is by hand
/// (fuzz/run.sh, docs/fuzzing.md); this keeps what it found fixed.
/// </summary>
public sealed class CorpusReplayTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "fuzz");

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (FuzzTarget target in FuzzTarget.All)
        {
            foreach (string kind in new[] { "corpus", "seeds" })
            {
                string folder = Path.Combine(Root, kind, target.Name);
                if (!Directory.Exists(folder))
                    continue;
                foreach (string file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
                    data.Add(target.Name, $"{kind}/{target.Name}/{Path.GetFileName(file)}");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void SavedInput_RaisesOnlyTheDocumentedException(string targetName, string file)
    {
        FuzzTarget target = FuzzTarget.Find(targetName)!;
        byte[] input = File.ReadAllBytes(Path.Combine(Root, file));

        Exception? documented = target.Run(input);

        if (documented is not null)
            Assert.True(target.NamesInput(documented), $"message does not start with '{target.InputName}: ': {documented.Message}");
    }

    [Fact]
    public void EveryTarget_HasSeeds_AndTheInitramfsCorpusIsSaved()
    {
        foreach (FuzzTarget target in FuzzTarget.All)
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(Root, "seeds", target.Name)));
        // Targets get a corpus folder once fuzz/run.sh has run for them (docs/fuzzing.md lists the runs).
        Assert.True(Directory.GetFiles(Path.Combine(Root, "corpus", "initramfs")).Length > 50);
    }

    [Fact]
    public void RealSeeds_AreReadWithoutError()
    {
        // The seeds are well-formed outputs of the real tools (cpio, the compressors, ethtool,
        // lspci, a Debian module, kernel logs): each must read without any error.
        foreach (FuzzTarget target in FuzzTarget.All)
        {
            foreach (string file in Directory.GetFiles(Path.Combine(Root, "seeds", target.Name)))
            {
                Exception? error = target.Run(File.ReadAllBytes(file));
                Assert.True(error is null, $"{file}: {error?.Message}");
            }
        }
    }
}
