using System.Text.Json.Serialization;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary>Source-generated JSON for the initramfs commands (AOT-safe, camelCase).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExamineReport))]
[JsonSerializable(typeof(List<EntryInfo>))]
[JsonSerializable(typeof(ExtractReport))]
[JsonSerializable(typeof(VerifyOutput))]
[JsonSerializable(typeof(CreateReport))]
[JsonSerializable(typeof(RepackReport))]
[JsonSerializable(typeof(DiffReport))]
[JsonSerializable(typeof(ModulesReport))]
[JsonSerializable(typeof(List<CatFile>))]
internal sealed partial class InitramfsJsonContext : JsonSerializerContext;
