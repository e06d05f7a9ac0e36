using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Rules;

namespace NicDoctor.Diagnosis;

/// <summary>Applies the rule book to a host's facts and ranks what it finds.</summary>
public static class Diagnoser
{
    public static DiagnosisReport Diagnose(HostFacts facts, RuleBook rules)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(rules);
        var findings = new List<Finding>();
        foreach (Rule rule in rules.Rules)
        {
            switch (rule.Scope)
            {
                case RuleScope.Host:
                    if (ConfigHolds(rule.When, facts, out var configEvidence))
                        findings.Add(Make(rule, facts.Host ?? "host", Values(facts, null), configEvidence));
                    break;
                case RuleScope.Nic:
                    foreach (NicFact nic in facts.Nics)
                    {
                        if (NicMatch(rule.When, facts, nic) is { } evidence)
                        {
                            var values = Values(facts, nic);
                            values["queue"] = QueuesOf(facts, nic);
                            findings.Add(Make(rule, nic.Interface, values, evidence));
                        }
                    }
                    break;
                case RuleScope.Event:
                    foreach (EventFact e in facts.Events)
                    {
                        if (!EventMatches(rule.When, facts, e))
                            continue;
                        NicFact? nic = NicOf(facts, e.Interface, e.Bus);
                        var values = Values(facts, nic);
                        values["iface"] = e.Interface ?? nic?.Interface ?? e.Bus;
                        values["driver"] = e.Driver ?? nic?.Driver;
                        values["queue"] = e.Queue?.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        values["module"] = e.Module;
                        values["eventSummary"] = e.Summary;
                        string subject = e.Interface ?? e.Module ?? e.Bus ?? "host";
                        findings.Add(Make(rule, subject, values, e.Evidence));
                    }
                    break;
                case RuleScope.Stall:
                    foreach (QueueStallFact s in facts.Stalls)
                    {
                        if (!ConfigHolds(rule.When, facts, out _) || !DriverHolds(rule.When, NicOf(facts, s.Interface, null)?.Driver))
                            continue;
                        var values = Values(facts, NicOf(facts, s.Interface, null));
                        values["iface"] = s.Interface;
                        values["queue"] = s.Queue.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        values["stallSummary"] = s.Summary;
                        findings.Add(Make(rule, s.Interface, values, s.Evidence));
                    }
                    break;
                case RuleScope.Module:
                    foreach (ModuleFact m in facts.Modules)
                    {
                        if ((rule.When.ModuleKind is { } kinds && !kinds.Contains(m.Kind, StringComparer.Ordinal))
                            || !DriverHolds(rule.When, m.Module) || !ConfigHolds(rule.When, facts, out _))
                            continue;
                        var values = Values(facts, NicOf(facts, m.Interface, null));
                        values["module"] = m.Module;
                        values["driver"] ??= m.Module;
                        values["moduleSummary"] = m.Summary;
                        values["modulePath"] = m.Path;
                        findings.Add(Make(rule, m.Module, values, m.Evidence));
                    }
                    break;
            }
        }

        Finding[] ranked = findings
            .OrderByDescending(f => f.Severity)
            .ThenByDescending(f => f.Confidence)
            .ThenBy(f => f.Weak)
            .ThenBy(f => ScopeRank(f.Scope))
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ThenBy(f => f.Subject, StringComparer.Ordinal)
            .ToArray();
        bool problem = ranked.Any(f => f.Severity >= Severity.Warning);
        string verdict = problem
            ? $"{ranked[0].Severity.ToString().ToUpperInvariant()}: {ranked[0].Title}" + (ranked.Length > 1 ? $" (+{ranked.Length - 1} more finding{(ranked.Length > 2 ? "s" : "")})" : "")
            : facts.Gaps.Count > 0 ? $"No NIC problem found in the evidence ({facts.Gaps.Count} gap{(facts.Gaps.Count > 1 ? "s" : "")}: see below)" : "No NIC problem found";
        return new DiagnosisReport
        {
            Verdict = verdict,
            ProblemFound = problem,
            Host = facts.Host,
            KernelRelease = facts.KernelRelease,
            Nics = facts.Nics,
            Events = facts.Events,
            Stalls = facts.Stalls,
            QueueCounters = facts.QueueCounters,
            Modules = facts.Modules,
            Findings = ranked,
            Gaps = facts.Gaps,
        };
    }

    // A cause (the NIC's driver) ranks above its symptoms (events, stalls) at equal severity.
    private static int ScopeRank(RuleScope scope) => scope switch
    {
        RuleScope.Nic => 0,
        RuleScope.Stall => 1,
        RuleScope.Module => 2,
        RuleScope.Event => 3,
        _ => 4,
    };

    private static Finding Make(Rule rule, string subject, Dictionary<string, string?> values, IEnumerable<EvidenceRef> evidence) => new()
    {
        Id = rule.Id,
        Title = Placeholders.Fill(rule.Title, values),
        Severity = rule.Severity,
        Confidence = rule.Confidence,
        Weak = rule.Weak,
        Subject = subject,
        Explanation = Placeholders.Fill(rule.Explanation, values),
        Fix = rule.Fix is null ? null : Placeholders.Fill(rule.Fix, values),
        Next = rule.Next.Select(n => Placeholders.Fill(n, values)).ToArray(),
        Sources = rule.Sources,
        Evidence = evidence.Distinct().ToArray(),
        Scope = rule.Scope,
    };

    private static Dictionary<string, string?> Values(HostFacts facts, NicFact? nic) => new(StringComparer.Ordinal)
    {
        ["host"] = facts.Host,
        ["kernel"] = facts.KernelRelease,
        ["iface"] = nic?.Interface,
        ["driver"] = nic?.Driver,
        ["driverVersion"] = nic?.DriverVersion,
        ["firmware"] = nic?.Firmware,
        ["bus"] = nic?.BusInfo,
        ["model"] = nic?.Model,
        ["speed"] = nic?.SpeedMbps?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static NicFact? NicOf(HostFacts facts, string? iface, string? bus) =>
        facts.Nics.FirstOrDefault(n => iface is not null && n.Interface == iface)
        ?? facts.Nics.FirstOrDefault(n => bus is not null && n.BusInfo is not null && n.BusInfo.EndsWith(bus, StringComparison.Ordinal));

    private static bool OnNic(EventFact e, NicFact nic) =>
        (e.Interface is not null && e.Interface == nic.Interface)
        || (e.Interface is null && e.Bus is not null && nic.BusInfo is not null && nic.BusInfo.EndsWith(e.Bus, StringComparison.Ordinal));

    private static string? QueuesOf(HostFacts facts, NicFact nic)
    {
        var queues = facts.Events.Where(e => OnNic(e, nic) && e.Queue is not null).Select(e => e.Queue!.Value)
            .Concat(facts.Stalls.Where(s => s.Interface == nic.Interface).Select(s => s.Queue))
            .Distinct().Order().ToArray();
        return queues.Length == 0 ? null : string.Join(", ", queues);
    }

    private static bool DriverHolds(RuleConditions w, string? driver) =>
        w.Driver is null || (driver is not null && w.Driver.Contains(driver, StringComparer.Ordinal));

    private static bool ConfigHolds(RuleConditions w, HostFacts facts, out List<EvidenceRef> evidence)
    {
        evidence = [];
        foreach ((string key, string value) in w.Config ?? new Dictionary<string, string>())
        {
            if (!facts.KernelConfig.TryGetValue(key, out EvidenceRef? line) || !string.Equals(ConfigValue(line.Text), value, StringComparison.Ordinal))
                return false;
            evidence.Add(line);
        }
        return true;
    }

    private static string ConfigValue(string configLine)
    {
        int eq = configLine.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? "" : configLine[(eq + 1)..].Trim().Trim('"');
    }

    private static List<EvidenceRef>? NicMatch(RuleConditions w, HostFacts facts, NicFact nic)
    {
        if (!DriverHolds(w, nic.Driver))
            return null;
        if (w.DriverLacksFix is not null && DriverVersion.Check(nic.DriverVersion, facts.KernelRelease, w.DriverLacksFix) != FixState.Lacks)
            return null;
        if (w.SpeedAtMostMbps is int maxSpeed && (nic.SpeedMbps is not int speed || speed > maxSpeed))
            return null;
        if (w.ModelContains is not null && (nic.Model is null || !nic.Model.Contains(w.ModelContains, StringComparison.Ordinal)))
            return null;
        if (w.DcbEnabled is bool dcb && nic.DcbEnabled != dcb)
            return null;
        if (!ConfigHolds(w, facts, out List<EvidenceRef> configEvidence))
            return null;

        var evidence = new List<EvidenceRef>(nic.Evidence);
        evidence.AddRange(configEvidence);
        if (w.AnyOf is not null)
        {
            bool any = false;
            foreach (string item in w.AnyOf)
            {
                if (item == "stall")
                {
                    foreach (QueueStallFact s in facts.Stalls.Where(s => s.Interface == nic.Interface))
                    {
                        any = true;
                        evidence.AddRange(s.Evidence);
                    }
                }
                else
                {
                    string kind = item["event:".Length..];
                    foreach (EventFact e in facts.Events.Where(e => e.Kind == kind && OnNic(e, nic)))
                    {
                        any = true;
                        evidence.AddRange(e.Evidence);
                    }
                }
            }
            if (!any)
                return null;
        }
        return evidence;
    }

    private static bool EventMatches(RuleConditions w, HostFacts facts, EventFact e)
    {
        if (w.EventKind is not null && !w.EventKind.Contains(e.Kind, StringComparer.Ordinal))
            return false;
        if (w.EventContains is not null && !e.Summary.Contains(w.EventContains, StringComparison.Ordinal))
            return false;
        return DriverHolds(w, e.Driver ?? NicOf(facts, e.Interface, e.Bus)?.Driver) && ConfigHolds(w, facts, out _);
    }
}
