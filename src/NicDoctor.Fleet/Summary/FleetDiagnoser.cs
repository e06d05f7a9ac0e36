using NicDoctor.Diagnosis;
using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Evidence.Sources;

namespace NicDoctor.Fleet.Summary;

/// <summary>
/// Diagnoses every bundle or sosreport in a directory (tarballs and unpacked directories) with the
/// same <see cref="HostFactsReader"/> and <see cref="Diagnoser"/> as <c>diagnose</c>, in parallel.
/// Memory is bounded: at most <c>parallelism</c> bundles are open at once and only the small
/// row of each is kept.
/// </summary>
public static class FleetDiagnoser
{
    private static readonly string[] TarSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tar.zst"];

    /// <summary>The bundles of a fleet directory: sub-directories and tarballs, in name order.</summary>
    public static IReadOnlyList<string> Entries(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{directory}: no such directory");
        var dirs = System.IO.Directory.GetDirectories(directory).Where(d => !Path.GetFileName(d).StartsWith('.'));
        var tars = System.IO.Directory.GetFiles(directory).Where(f => TarSuffixes.Any(s => f.EndsWith(s, StringComparison.OrdinalIgnoreCase)));
        return [.. dirs.Concat(tars).Order(StringComparer.Ordinal)];
    }

    public static FleetSummary Diagnose(string directory, RuleBook rules, int parallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(rules);
        IReadOnlyList<string> entries = Entries(directory);
        var rows = new FleetHostRow[entries.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount };
        Parallel.For(0, entries.Count, options, i => rows[i] = DiagnoseOne(entries[i], rules));
        return new FleetSummary(directory, [.. rows.OrderBy(r => r.Host, StringComparer.Ordinal).ThenBy(r => r.Source, StringComparer.Ordinal)]);
    }

    /// <summary>One bundle's row; an unreadable bundle becomes a row with <see cref="FleetHostRow.Error"/>, never an exception.</summary>
    public static FleetHostRow DiagnoseOne(string path, RuleBook rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        string name = Path.GetFileName(path.TrimEnd('/'));
        try
        {
            using IEvidenceSource evidence = EvidenceSources.Open(path);
            DiagnosisReport report = Diagnoser.Diagnose(HostFactsReader.Read(evidence), rules);
            return new FleetHostRow
            {
                Host = report.Host ?? name,
                Source = name,
                Verdict = report.Verdict,
                ProblemFound = report.ProblemFound,
                KernelRelease = report.KernelRelease,
                Drivers = [.. report.Nics.Select(n => n.Driver).OfType<string>().Distinct(StringComparer.Ordinal)],
                DriverVersions = [.. report.Nics.Select(n => n.DriverVersion).OfType<string>().Distinct(StringComparer.Ordinal)],
                StalledQueues = [.. report.Stalls.Select(s => $"{s.Interface}:{s.Queue}").Distinct(StringComparer.Ordinal)],
                FindingIds = [.. report.Findings.Where(f => f.Severity >= Severity.Warning).Select(f => f.Id).Distinct(StringComparer.Ordinal)],
            };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return new FleetHostRow { Host = name, Source = name, Error = e.Message };
        }
    }
}
