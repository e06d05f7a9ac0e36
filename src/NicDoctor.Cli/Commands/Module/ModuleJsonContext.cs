using System.Text.Json.Serialization;

namespace NicDoctor.Cli.Commands.Module;

/// <summary>JSON shape of <c>module info --json</c>: every module's fields in modinfo order.</summary>
internal sealed record ModuleInfoList(IReadOnlyList<ModuleInfoJson> Modules);

internal sealed record ModuleInfoJson(string Filename, string? Builtin, IReadOnlyList<ModuleField> Fields);

internal sealed record ModuleField(string Key, string Value);

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModuleInfoList))]
[JsonSerializable(typeof(StripReport))]
[JsonSerializable(typeof(CheckReport))]
internal sealed partial class ModuleJsonContext : JsonSerializerContext;
