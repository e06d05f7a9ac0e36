using System.Text.Json;

namespace NicDoctor.Cli.Tests;

public class GlobalConventionsTests
{
    private static readonly string[] ReservedVerbs =
        ["diagnose", "log", "nic", "collect", "initramfs", "module", "upgrade", "exporter", "boot"];

    [Fact]
    public void Help_lists_every_reserved_command()
    {
        CliResult r = CliRunner.Run("--help");
        Assert.Equal(0, r.ExitCode);
        string[] lines = r.Stdout.Split('\n');
        int start = Array.FindIndex(lines, l => l.TrimEnd() == "Commands:");
        Assert.True(start >= 0, r.Stdout);
        var listed = lines.Skip(start + 1).TakeWhile(l => l.Trim().Length > 0)
            .Select(l => l.Trim().Split(' ')[0]).ToArray();
        Assert.Equal(ReservedVerbs, listed);
    }

    [Fact]
    public void No_arguments_prints_help_and_succeeds()
    {
        CliResult r = CliRunner.Run();
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_names_the_version_from_the_build()
    {
        CliResult r = CliRunner.Run("--version");
        Assert.Equal(0, r.ExitCode);
        string expected = typeof(NicDoctorApp).Assembly.GetName().Version!.ToString(3);
        Assert.StartsWith($"nicdoctor {expected}", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_json_has_stable_fields()
    {
        CliResult r = CliRunner.Run("--version", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("nicdoctor", doc.RootElement.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("version").GetString()));
    }

    [Fact]
    public void Unknown_option_is_a_one_line_usage_error_with_exit_2()
    {
        CliResult r = CliRunner.Run("diagnose", "--no-such-option");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        string first = r.Stderr.Split('\n')[0];
        Assert.StartsWith("nicdoctor: usage: ", first, StringComparison.Ordinal);
        Assert.Contains("--no-such-option", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("upgrade")]
    [InlineData("boot")]
    [InlineData("initramfs")]
    public void Verb_groups_without_a_subcommand_are_a_one_line_usage_error(string verb)
    {
        CliResult r = CliRunner.Run(verb);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal("nicdoctor: usage: Required command was not provided.", r.Stderr.Split('\n')[0]);
    }

    [Fact]
    public void Every_command_has_help_text()
    {
        foreach (string verb in ReservedVerbs)
        {
            CliResult r = CliRunner.Run(verb, "--help");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("Description:", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("--json", r.Stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>Walks the whole command tree from the help screens themselves, not from a list kept here.</summary>
    [Fact]
    public void Every_subcommand_at_every_depth_has_help_text_and_json()
    {
        var pending = new Queue<string[]>(ReservedVerbs.Select(v => new[] { v }));
        var leaves = new List<string>();
        while (pending.TryDequeue(out string[]? path))
        {
            CliResult r = CliRunner.Run([.. path, "--help"]);
            string name = string.Join(' ', path);
            Assert.True(r.ExitCode == 0, $"{name} --help exited {r.ExitCode}");
            string[] lines = r.Stdout.Split('\n');
            int description = Array.IndexOf(lines, "Description:");
            Assert.True(description >= 0 && lines[description + 1].Trim().Length > 10, $"{name}: no description");
            Assert.Contains(lines, l => l.TrimStart().StartsWith("--json", StringComparison.Ordinal));
            int commands = Array.IndexOf(lines, "Commands:");
            if (commands < 0)
            {
                leaves.Add(name);
                continue;
            }
            foreach (string line in lines.Skip(commands + 1).TakeWhile(l => l.Length > 0))
            {
                // "  name <ARG>  text"; wrapped description lines are indented further.
                if (line.StartsWith("  ", StringComparison.Ordinal) && line.Length > 2 && line[2] != ' ')
                    pending.Enqueue([.. path, line[2..].Split(' ')[0]]);
            }
        }
        // The tree really was walked: the upgrade and boot subcommands are among the leaves.
        Assert.Contains("upgrade rollback", leaves);
        Assert.Contains("boot add-fallback", leaves);
        Assert.Contains("initramfs repack", leaves);
        Assert.True(leaves.Count >= 25, $"only {leaves.Count} leaf commands: {string.Join(", ", leaves)}");
    }
}
