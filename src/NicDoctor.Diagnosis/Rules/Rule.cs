using System.Text.Json.Serialization;

namespace NicDoctor.Diagnosis.Rules;

/// <summary>One knowledge rule, as written in a rules file (JSON). See docs/rules.md for the schema.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record Rule
{
    /// <summary>Stable id, <c>ND</c> + four digits; tests and users key on it.</summary>
    public required string Id { get; init; }
    /// <summary>One-line title; may use placeholders like <c>{iface}</c>.</summary>
    public required string Title { get; init; }
    public required Severity Severity { get; init; }
    public required Confidence Confidence { get; init; }
    /// <summary>True when the evidence is weak by nature (worth knowing, not a cause).</summary>
    public bool Weak { get; init; }
    /// <summary>What one finding is about: one per NIC, per event, per stalled queue, or per host.</summary>
    public required RuleScope Scope { get; init; }
    public RuleConditions When { get; init; } = new();
    public required string Explanation { get; init; }
    public string? Fix { get; init; }
    public IReadOnlyList<string> Next { get; init; } = [];
    public required IReadOnlyList<RuleSource> Sources { get; init; }
}

/// <summary>A citation: every rule names where its knowledge comes from.</summary>
public sealed record RuleSource(string Title, string Url);

[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    Info,
    Warning,
    Critical,
}

[JsonConverter(typeof(JsonStringEnumConverter<Confidence>))]
public enum Confidence
{
    Low,
    Medium,
    High,
}

[JsonConverter(typeof(JsonStringEnumConverter<RuleScope>))]
public enum RuleScope
{
    Host,
    Nic,
    Event,
    Stall,
    Module,
}

/// <summary>All present conditions must hold. Absent conditions are not checked.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RuleConditions
{
    /// <summary>Driver name is one of these (NIC and event scopes).</summary>
    public IReadOnlyList<string>? Driver { get; init; }
    /// <summary>The NIC's driver version is known to predate this fix.</summary>
    public FixedIn? DriverLacksFix { get; init; }
    /// <summary>The NIC has at least one of: <c>event:KIND</c>, <c>stall</c>.</summary>
    public IReadOnlyList<string>? AnyOf { get; init; }
    /// <summary>Kernel configuration options with these values.</summary>
    public IReadOnlyDictionary<string, string>? Config { get; init; }
    public int? SpeedAtMostMbps { get; init; }
    /// <summary>The PCI model description contains this text.</summary>
    public string? ModelContains { get; init; }
    /// <summary>DCB seen in use (true) or seen not in use (false).</summary>
    public bool? DcbEnabled { get; init; }
    /// <summary>Event kind is one of these (event scope).</summary>
    public IReadOnlyList<string>? EventKind { get; init; }
    /// <summary>Event summary contains this text (event scope).</summary>
    public string? EventContains { get; init; }
    /// <summary>Module problem kind is one of these (module scope): load-refused, boot-image-differs.</summary>
    public IReadOnlyList<string>? ModuleKind { get; init; }
}

/// <summary>
/// The first versions carrying a fix, per kind of driver build: an out-of-tree release
/// (<c>2.3.6</c>), an in-kernel driver that reports its own version with <c>-k</c>
/// (<c>2.3.0</c>), and a mainline kernel whose in-tree drivers report the kernel release.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FixedIn
{
    public string? OutOfTree { get; init; }
    public string? InKernel { get; init; }
    public string? Mainline { get; init; }
}

/// <summary>A rules file: a list of rules.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RuleFile
{
    public required IReadOnlyList<Rule> Rules { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(RuleFile))]
internal sealed partial class RuleJsonContext : JsonSerializerContext;
