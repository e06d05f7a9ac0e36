using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NicDoctor.KernelLog;

namespace NicDoctor.Cli.Commands.Log;

/// <summary>Kinds are written in their CLI spelling (<c>netdev-watchdog</c>).</summary>
internal sealed class KernelEventKindJsonConverter() : JsonStringEnumConverter<KernelEventKind>(JsonNamingPolicy.KebabCaseLower);

/// <summary>One input's line count in <c>log --json</c>.</summary>
internal sealed record LogSourceSummary(string Source, long Lines);

/// <summary>Source-generated (AOT-safe) JSON for <c>nicdoctor log --json</c>; events are written one at a time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KernelEventKindJsonConverter)])]
[JsonSerializable(typeof(KernelEvent))]
[JsonSerializable(typeof(LogDiagnostic))]
[JsonSerializable(typeof(LogSourceSummary))]
internal sealed partial class LogJsonContext : JsonSerializerContext
{
    /// <summary>Same options, but log text keeps its &lt; &gt; + characters readable (output is not HTML).</summary>
    public static LogJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new KernelEventKindJsonConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
