namespace NicDoctor.Nic.Sampling;

/// <summary>
/// One counter of one queue across the samples: its raw driver name (<c>rx-44.rx_packets</c>) and
/// its value in each sample (null when a sample lacks it).
/// </summary>
public sealed record CounterTrack(string Name, IReadOnlyList<ulong?> Values)
{
    public ulong? First => Values.FirstOrDefault(v => v.HasValue);
    public ulong? Last => Values.LastOrDefault(v => v.HasValue);

    /// <summary>Last minus first; null when either is missing or the counter went backwards (driver reset).</summary>
    public ulong? Delta => First is { } f && Last is { } l && l >= f ? l - f : null;

    /// <summary>How many consecutive sample pairs saw the counter rise.</summary>
    public int RisingIntervals
    {
        get
        {
            int n = 0;
            for (int i = 1; i < Values.Count; i++)
            {
                if (Values[i - 1] is { } a && Values[i] is { } b && b > a)
                    n++;
            }
            return n;
        }
    }

    /// <summary>Value in the last sample minus the one before, for a live view.</summary>
    public ulong? LastStep => Values.Count >= 2 && Values[^2] is { } a && Values[^1] is { } b && b >= a ? b - a : null;
}
