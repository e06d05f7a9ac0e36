using System.Text.Json.Serialization;

namespace NicDoctor.Upgrade.ChangeSets;

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChangeSetPlan))]
internal sealed partial class ChangeSetJsonContext : JsonSerializerContext;
