using System.Globalization;
using NicDoctor.KernelLog;

namespace NicDoctor.Cli.Commands.Log;

/// <summary>
/// <c>--kind</c> and <c>--since</c>. <c>--since</c> is either seconds since boot (<c>1234.5</c>) or a
/// wall time (<c>2020-11-05</c>, <c>2020-11-05T16:44</c>); an event that has no time of that kind is kept.
/// </summary>
internal sealed class LogFilter
{
    private readonly HashSet<KernelEventKind>? kinds;
    private readonly double? sinceBoot;
    private readonly DateTime? sinceWall;

    private LogFilter(HashSet<KernelEventKind>? kinds, double? sinceBoot, DateTime? sinceWall)
    {
        this.kinds = kinds;
        this.sinceBoot = sinceBoot;
        this.sinceWall = sinceWall;
    }

    public static LogFilter Parse(string[]? kindArgs, string? since)
    {
        HashSet<KernelEventKind>? kinds = null;
        foreach (string name in (kindArgs ?? []).SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!KernelEventKinds.TryParse(name, out KernelEventKind kind))
                throw new UserErrorException("log", $"unknown --kind '{name}' (one of: {string.Join(", ", KernelEventKinds.All)})");
            (kinds ??= []).Add(kind);
        }
        double? boot = null;
        DateTime? wall = null;
        if (since is not null)
        {
            if (double.TryParse(since, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
                boot = seconds;
            else if (DateTime.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateTime t))
                wall = t;
            else
                throw new UserErrorException("log", $"--since '{since}': expected seconds since boot (1234.5) or a date/time (2020-11-05T16:44:00)");
        }
        return new LogFilter(kinds, boot, wall);
    }

    public bool Keep(KernelEvent ev)
    {
        if (kinds is not null && !kinds.Contains(ev.Kind))
            return false;
        if (sinceBoot is { } b && ev.Time.SinceBoot is { } s && s < b)
            return false;
        if (sinceWall is { } w && ev.Time.Wall is { } t && t < w)
            return false;
        return true;
    }
}
