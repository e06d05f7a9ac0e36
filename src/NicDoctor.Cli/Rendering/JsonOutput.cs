using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace NicDoctor.Cli.Rendering;

/// <summary>Writes one JSON document per command; source-generated metadata keeps it AOT-safe.</summary>
internal static class JsonOutput
{
    public static void Write<T>(TextWriter writer, T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            // The default encoder escapes '+', '<', '\'' and all non-ASCII (vermagic "6.1.0+deb" → "\u002B");
            // this output is read by scripts and people, never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Indented = typeInfo.Options.WriteIndented,
        }))
        {
            JsonSerializer.Serialize(json, value, typeInfo);
        }
        writer.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
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
