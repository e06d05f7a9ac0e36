using System.CommandLine;
using NicDoctor.Diagnosis;
using NicDoctor.Diagnosis.Facts;
using NicDoctor.Diagnosis.Rules;
using NicDoctor.Evidence;
using NicDoctor.Evidence.Sources;

namespace NicDoctor.Cli.Commands.Diagnose;

/// <summary>
/// <c>nicdoctor diagnose [SOURCE]</c>: read the evidence (live host, sosreport or bundle directory or
/// tarball, or an embedded sample), apply the knowledge rules, print verdict, findings, evidence
/// and next steps. Exit 1 when a problem is found.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var source = new Argument<string?>("SOURCE")
        {
            Description = "sosreport or nicdoctor bundle: a directory or a .tar.xz/.tar.gz (default: this host)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var sample = new Option<string>("--sample")
        {
            Description = $"Diagnose an embedded sample incident ({string.Join(", ", EmbeddedSamples.Names)})",
            HelpName = "NAME",
        };
        sample.AcceptOnlyFromAmong([.. EmbeddedSamples.Names]);
        var rules = new Option<string?>("--rules")
        {
            Description = "Directory of extra rule files (*.json, see docs/rules.md)",
            HelpName = "DIR",
        };
        var root = new Option<string?>("--root")
        {
            Description = "Live host only: read /proc, /sys, /boot below DIR (a mounted image, a test tree)",
            HelpName = "DIR",
        };
        var samples = new Option<int>("--samples")
        {
            Description = "Live host only: ethtool -S samples per interface",
            DefaultValueFactory = _ => 3,
        };
        var interval = new Option<int>("--interval")
        {
            Description = "Live host only: seconds between samples",
            DefaultValueFactory = _ => 1,
        };
        var fleet = new Option<string?>("--fleet")
        {
            Description = "Diagnose every bundle/sosreport (directory or tarball) in DIR: one row per host",
            HelpName = "DIR",
        };
        var report = new Option<string?>("--report")
        {
            Description = "Also write a self-contained HTML page: findings, event timeline, per-queue counter charts",
            HelpName = "FILE.html",
        };
        var command = new Command("diagnose", "Find what is wrong with a host's NICs: verdict, ranked findings with evidence, next steps")
        {
            source, sample, rules, root, samples, interval, fleet, report,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(source) is { } given && given.StartsWith('-'))
                r.AddError($"unknown option '{given}'");
            else if (r.GetValue(source) is not null && r.GetValue(sample) is not null)
                r.AddError("give either SOURCE or --sample, not both");
            else if (r.GetValue(fleet) is not null && (r.GetValue(source) is not null || r.GetValue(sample) is not null))
                r.AddError("--fleet DIR replaces SOURCE and --sample");
        });
        CommandAction.Set(command, globals, (parse, output) =>
        {
            if (parse.GetValue(fleet) is { } fleetDirectory)
                return FleetDiagnoseAction.Run(fleetDirectory, parse.GetValue(rules), output);
            RuleBook book = RuleBook.Load(parse.GetValue(rules));
            using IEvidenceSource evidence = parse.GetValue(sample) is { } name ? new EmbeddedSampleSource(name)
                : parse.GetValue(source) is { } path ? EvidenceSources.Open(path)
                : new LiveHostSource(parse.GetValue(samples), parse.GetValue(interval), parse.GetValue(root));
            DiagnosisReport diagnosis = Diagnoser.Diagnose(HostFactsReader.Read(evidence), book);
            DiagnosisRenderer.Render(diagnosis, evidence.Name, output);
            if (parse.GetValue(report) is { } page)
                DiagnosisRenderer.WriteReport(diagnosis, evidence.Name, page, output);
            return diagnosis.ProblemFound ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }
}
