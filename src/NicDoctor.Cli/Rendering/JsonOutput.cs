using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace NicDoctor.Cli.Rendering;

/// <summary>Writes one JSON document per command; source-generated metadata keeps it AOT-safe.</summary>
internal static class JsonOutput
{
    public static void Write<T>(TextWriter writer, T value, JsonTypeInfo<T> typeInfo)
    {
        writer.WriteLine(JsonSerializer.Serialize(value, typeInfo));
    }
}

/// <summary>JSON shape of <c>--version --json</c>.</summary>
internal sealed record VersionInfo(string Name, string Version, string? Commit);

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VersionInfo))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
