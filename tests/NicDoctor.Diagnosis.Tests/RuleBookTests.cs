using System.Text;
using NicDoctor.Diagnosis.Rules;

namespace NicDoctor.Diagnosis.Tests;

public class RuleBookTests
{
    [Fact]
    public void Built_in_rules_load_with_unique_ids_and_sources()
    {
        RuleBook book = RuleBook.Load();
        Assert.True(book.Rules.Count >= 7);
        Assert.Equal(book.Rules.Count, book.Rules.Select(r => r.Id).Distinct().Count());
        Assert.All(book.Rules, r => Assert.NotEmpty(r.Sources));
    }

    [Fact]
    public void User_rules_directory_adds_rules()
    {
        string dir = Directory.CreateTempSubdirectory("nd-rules-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "site.json"), """
                { "rules": [ {
                  "id": "ND9001", "title": "{iface}: site rule", "severity": "warning", "confidence": "low",
                  "scope": "nic", "when": { "driver": ["ixgbe"] }, "explanation": "x",
                  "sources": [ { "title": "runbook", "url": "https://wiki.example.org/nic" } ] } ] }
                """);
            RuleBook book = RuleBook.Load(dir);
            Assert.Contains(book.Rules, r => r.Id == "ND9001");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("{ \"rules\": [ { \"id\": \"ND9001\",\n \"bogus\": 1 } ] }", "site.json: line 2:")]
    [InlineData("{ \"rules\": [ { \"id\": \"X1\", \"title\": \"t\", \"severity\": \"info\", \"confidence\": \"low\", \"scope\": \"host\", \"explanation\": \"e\", \"sources\": [ { \"title\": \"s\", \"url\": \"https://a.b\" } ] } ] }", "site.json: rule X1: id must be ND followed by four digits")]
    [InlineData("{ \"rules\": [ { \"id\": \"ND9002\", \"title\": \"{nope}\", \"severity\": \"info\", \"confidence\": \"low\", \"scope\": \"host\", \"explanation\": \"e\", \"sources\": [ { \"title\": \"s\", \"url\": \"https://a.b\" } ] } ] }", "site.json: rule ND9002: unknown placeholder {nope}")]
    [InlineData("{ \"rules\": [ { \"id\": \"ND9003\", \"title\": \"t\", \"severity\": \"info\", \"confidence\": \"low\", \"scope\": \"host\", \"explanation\": \"e\", \"sources\": [] } ] }", "site.json: rule ND9003: every rule names at least one source")]
    [InlineData("{ \"rules\": [ { \"id\": \"ND9004\", \"title\": \"t\", \"severity\": \"info\", \"confidence\": \"low\", \"scope\": \"host\", \"when\": { \"eventKind\": [\"x\"] }, \"explanation\": \"e\", \"sources\": [ { \"title\": \"s\", \"url\": \"https://a.b\" } ] } ] }", "site.json: rule ND9004: eventKind/eventContains need scope \"event\"")]
    [InlineData("{ \"rules\": [ { \"id\": \"ND0001\", \"title\": \"t\", \"severity\": \"info\", \"confidence\": \"low\", \"scope\": \"host\", \"explanation\": \"e\", \"sources\": [ { \"title\": \"s\", \"url\": \"https://a.b\" } ] } ] }", "rule ND0001: id already defined in Knowledge/core.json")]
    public void Broken_user_rules_fail_with_file_and_place(string json, string expected)
    {
        string dir = Directory.CreateTempSubdirectory("nd-rules-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "site.json"), json, Encoding.UTF8);
            var ex = Assert.Throws<RuleFormatException>(() => RuleBook.Load(dir));
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
