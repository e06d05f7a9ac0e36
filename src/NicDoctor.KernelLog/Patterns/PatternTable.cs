using System.Buffers;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>
/// Every message family's rows in one table, plus the prefilter: a <see cref="SearchValues{T}"/>
/// of all anchors and block markers, so a line that contains none is skipped without a regex.
/// </summary>
internal static class PatternTable
{
    public static IReadOnlyList<MessagePattern> All { get; } =
    [
        .. NetdevWatchdogPatterns.All,
        .. I40ePatterns.All,
        .. IcePatterns.All,
        .. IxgbeIgbPatterns.All,
        .. E1000ePatterns.All,
        .. Mlx5Patterns.All,
        .. BnxtPatterns.All,
        .. VirtioNetPatterns.All,
        .. R8169Patterns.All,
        .. Tg3Patterns.All,
        .. EnaPatterns.All,
        .. Vmxnet3Patterns.All,
        .. LinkPatterns.All,
        .. FirmwarePatterns.All,
        .. ModuleLoadPatterns.All,
    ];

    /// <summary>
    /// Anchors of all rows and the block markers; a line needs one of them to be looked at. Journal
    /// JSON entries whose MESSAGE is a byte array (non-UTF-8 text) cannot be searched as text, so
    /// their marker is a trigger too.
    /// </summary>
    public static IReadOnlyList<string> Triggers { get; } =
        [.. All.Select(p => p.Anchor).Concat(KernelBlockMarkers.Triggers).Append("\"MESSAGE\":[").Distinct(StringComparer.Ordinal)];

    public static SearchValues<string> TriggerSearch { get; } = SearchValues.Create([.. Triggers], StringComparison.Ordinal);
}
