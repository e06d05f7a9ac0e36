using System.Text.Json;

namespace NicDoctor.Fleet.Tests;

public class AnsibleTests
{
    private static string Playbooks => Path.Combine(TestPaths.RepoRoot, "contrib", "ansible");

    [Fact]
    public void Playbooks_are_ansible_lint_clean()
    {
        using var tmp = new TempDir();
        ToolResult r = Tool.Run("ansible-lint", ["--nocolor", "contrib/ansible/"], TestPaths.RepoRoot,
            new Dictionary<string, string> { ["ANSIBLE_HOME"] = tmp.Sub("home"), ["ANSIBLE_LOCAL_TEMP"] = tmp.Sub("tmp") });
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        foreach (string playbook in new[] { "collect.yml", "diagnose.yml", "upgrade.yml" })
        {
            ToolResult syntax = Tool.Run("ansible-playbook", ["--syntax-check", "-i", "localhost,", Path.Combine(Playbooks, playbook), "-e", "nicdoctor_changesets=" + tmp.Path], null,
                new Dictionary<string, string> { ["ANSIBLE_HOME"] = tmp.Sub("home"), ["ANSIBLE_LOCAL_TEMP"] = tmp.Sub("tmp") });
            Assert.True(syntax.ExitCode == 0, playbook + ": " + syntax.Stdout + syntax.Stderr);
        }
    }

    [Fact]
    public void Collect_playbook_against_localhost_fetches_a_bundle_and_writes_a_fleet_summary()
    {
        using var tmp = new TempDir();
        string inventory = tmp.Sub("inventory");
        File.WriteAllText(inventory, "localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n");
        string bundles = tmp.Sub("bundles");
        ToolResult r = Tool.Run("ansible-playbook",
            [
                "-i", inventory, Path.Combine(Playbooks, "collect.yml"),
                "-e", "nicdoctor_become=false", // the test runs as the user it needs; no sudo here
                "-e", "nicdoctor_bundle_dir=" + bundles,
                "-e", "nicdoctor_samples=2", "-e", "nicdoctor_interval=0",
                "-e", "nicdoctor_bin=" + TestPaths.Cli,
            ],
            tmp.Path,
            new Dictionary<string, string> { ["ANSIBLE_NOCOLOR"] = "1", ["ANSIBLE_HOME"] = tmp.Sub("home"), ["ANSIBLE_LOCAL_TEMP"] = tmp.Sub("tmp") });
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("failed=0", r.Stdout, StringComparison.Ordinal);

        // The fetched bundle is a real tarball: GNU tar lists the collector's manifest in it.
        string bundle = Path.Combine(bundles, "localhost.tar.gz");
        string listing = Tool.Output("tar", "-tzf", bundle);
        Assert.Contains(listing.Split('\n'), l => l.EndsWith("/nicdoctor/manifest.tsv", StringComparison.Ordinal));

        // One row, for this host: uname -a's node name is the kernel's hostname.
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundles, "fleet-summary.json")));
        JsonElement row = Assert.Single(summary.RootElement.GetProperty("hosts").EnumerateArray());
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), row.GetProperty("host").GetString());
        Assert.Equal("localhost.tar.gz", row.GetProperty("source").GetString());
        Assert.False(row.TryGetProperty("error", out _));
    }
}
