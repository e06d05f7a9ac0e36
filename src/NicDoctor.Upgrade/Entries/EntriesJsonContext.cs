using System.Text.Json.Serialization;
using NicDoctor.Upgrade.Boot;

namespace NicDoctor.Upgrade.Entries;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(FallbackPlan))]
internal sealed partial class EntriesJsonContext : JsonSerializerContext;
