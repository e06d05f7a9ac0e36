namespace NicDoctor.Fleet.Tests;

public class RulesTests
{
    [Fact]
    public void Alert_rules_pass_promtool_check_and_their_unit_tests()
    {
        string dir = Path.GetDirectoryName(TestPaths.Rules)!;
        ToolResult check = Tool.Run("promtool", ["check", "rules", "nicdoctor.rules.yml"], dir);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("SUCCESS: 6 rules found", check.Stdout, StringComparison.Ordinal);
        ToolResult test = Tool.Run("promtool", ["test", "rules", "nicdoctor.rules.test.yml"], dir);
        Assert.True(test.ExitCode == 0, test.Stdout + test.Stderr);
        Assert.Contains("SUCCESS", test.Stdout, StringComparison.Ordinal);
    }
}
