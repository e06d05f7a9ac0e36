using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NicDoctor.Evidence;

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

/// <summary>JSON shape of a sample listing.</summary>
internal sealed record SampleListing(string Sample, IReadOnlyList<SampleFile> Files, string Status);

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(SampleListing))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
