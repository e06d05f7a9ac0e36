using System.Text.Json;
using System.Text.RegularExpressions;

namespace NicDoctor.Diagnosis.Rules;

/// <summary>A rules file that does not follow the schema; the message names the file and line.</summary>
public sealed class RuleFormatException(string message, Exception? inner = null) : FormatException(message, inner);

/// <summary>
/// The loaded knowledge: the rules shipped in the binary (<c>Knowledge/*.json</c>) plus any
/// user rules directory. Loading validates the schema, ids and placeholders, so a broken rule
/// fails at start with file and line instead of misfiring later.
/// </summary>
public sealed partial class RuleBook
{
    private const string ResourcePrefix = "NicDoctor.Diagnosis.Knowledge.";

    private RuleBook(IReadOnlyList<Rule> rules) => Rules = rules;

    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>The built-in rules, optionally extended by every <c>*.json</c> in <paramref name="userRulesDirectory"/>.</summary>
    public static RuleBook Load(string? userRulesDirectory = null)
    {
        var rules = new List<(Rule Rule, string Origin)>();
        var asm = typeof(RuleBook).Assembly;
        foreach (string name in asm.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using Stream s = asm.GetManifestResourceStream(name)!;
            string origin = "Knowledge/" + name[ResourcePrefix.Length..];
            rules.AddRange(Parse(s, origin).Select(r => (r, origin)));
        }
        if (userRulesDirectory is not null)
        {
            if (!Directory.Exists(userRulesDirectory))
                throw new DirectoryNotFoundException($"{userRulesDirectory}: rules directory not found");
            foreach (string file in Directory.GetFiles(userRulesDirectory, "*.json").Order(StringComparer.Ordinal))
            {
                using FileStream s = File.OpenRead(file);
                rules.AddRange(Parse(s, file).Select(r => (r, file)));
            }
        }
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((Rule rule, string origin) in rules)
        {
            if (!seen.TryAdd(rule.Id, origin))
                throw new RuleFormatException($"{origin}: rule {rule.Id}: id already defined in {seen[rule.Id]}");
        }
        return new RuleBook(rules.Select(r => r.Rule).ToArray());
    }

    /// <summary>Parses and validates one rules file.</summary>
    public static IReadOnlyList<Rule> Parse(Stream json, string origin)
    {
        RuleFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, RuleJsonContext.Default.RuleFile);
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is long line ? $"line {line + 1}" : "line ?";
            throw new RuleFormatException($"{origin}: {where}: {FirstSentence(ex.Message)}", ex);
        }
        if (file?.Rules is null)
            throw new RuleFormatException($"{origin}: line 1: no \"rules\" list");
        // Source-generated deserialization leaves absent init-only members null: normalise once here.
        Rule[] rules = file.Rules.Select(r => r with { When = r.When ?? new RuleConditions(), Next = r.Next ?? [] }).ToArray();
        foreach (Rule rule in rules)
            Validate(rule, origin);
        return rules;
    }

    private static void Validate(Rule rule, string origin)
    {
        if (!IdPattern().IsMatch(rule.Id))
            throw new RuleFormatException($"{origin}: rule {rule.Id}: id must be ND followed by four digits");
        if (rule.Sources.Count == 0)
            throw new RuleFormatException($"{origin}: rule {rule.Id}: every rule names at least one source");
        foreach (RuleSource src in rule.Sources)
        {
            if (!Uri.TryCreate(src.Url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
                throw new RuleFormatException($"{origin}: rule {rule.Id}: source url is not an http(s) URL: {src.Url}");
        }
        RuleConditions w = rule.When;
        bool eventOnly = w.EventKind is not null || w.EventContains is not null;
        bool nicOnly = w.DriverLacksFix is not null || w.AnyOf is not null || w.SpeedAtMostMbps is not null
            || w.ModelContains is not null || w.DcbEnabled is not null;
        if (eventOnly && rule.Scope != RuleScope.Event)
            throw new RuleFormatException($"{origin}: rule {rule.Id}: eventKind/eventContains need scope \"event\"");
        if (w.ModuleKind is not null && rule.Scope != RuleScope.Module)
            throw new RuleFormatException($"{origin}: rule {rule.Id}: moduleKind needs scope \"module\"");
        if (nicOnly && rule.Scope != RuleScope.Nic)
            throw new RuleFormatException($"{origin}: rule {rule.Id}: driverLacksFix/anyOf/speedAtMostMbps/modelContains/dcbEnabled need scope \"nic\"");
        foreach (string item in w.AnyOf ?? [])
        {
            if (item != "stall" && !item.StartsWith("event:", StringComparison.Ordinal))
                throw new RuleFormatException($"{origin}: rule {rule.Id}: anyOf item '{item}' is neither 'stall' nor 'event:KIND'");
        }
        foreach (string text in new[] { rule.Title, rule.Explanation, rule.Fix ?? "" }.Concat(rule.Next))
        {
            foreach (Match m in PlaceholderPattern().Matches(text))
            {
                if (!Placeholders.Known.Contains(m.Groups[1].Value))
                    throw new RuleFormatException($"{origin}: rule {rule.Id}: unknown placeholder {{{m.Groups[1].Value}}}");
            }
        }
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).ReplaceLineEndings(" ");
    }

    [GeneratedRegex("^ND[0-9]{4}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\{([a-zA-Z]+)\}")]
    internal static partial Regex PlaceholderPattern();
}
