using System.Text.Json.Serialization;
using NicDoctor.Upgrade.Boot;
using NicDoctor.Upgrade.HostFit;

namespace NicDoctor.Cli.Commands.Boot;

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(BootConfiguration))]
[JsonSerializable(typeof(FallbackPlan))]
[JsonSerializable(typeof(RecoveryGuide))]
[JsonSerializable(typeof(HostFitReport))]
internal sealed partial class BootJsonContext : JsonSerializerContext;
