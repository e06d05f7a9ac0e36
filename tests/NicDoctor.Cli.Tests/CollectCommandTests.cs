namespace NicDoctor.Cli.Tests;

public class CollectCommandTests
{
    [Fact]
    public void Script_option_prints_the_collector_verbatim()
    {
        CliResult r = CliRunner.Run("collect", "--script");
        Assert.Equal(0, r.ExitCode);
        string file = Path.Combine(RepoPaths.Root, "src", "NicDoctor.Evidence", "Collector", "nicdoctor-collect.sh");
        Assert.Equal(File.ReadAllText(file), r.Stdout);
    }

    [Fact]
    public void Zero_samples_is_a_usage_error()
    {
        CliResult r = CliRunner.Run("collect", "--samples", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("nicdoctor: usage: --samples must be at least 1", r.Stderr.Split('\n')[0]);
    }
}
