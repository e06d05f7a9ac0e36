using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Evidence.BootImage;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary><c>initramfs diff A B</c>: entries added/removed/changed, and module version changes. Exit 1 when they differ.</summary>
internal static class DiffCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var before = new Argument<string>("A") { Description = "The first image (e.g. the original)" };
        var after = new Argument<string>("B") { Description = "The second image (e.g. the repacked one)" };
        var command = new Command("diff",
            "Compare two images as the kernel unpacks them: entries added, removed, changed (type, mode, owner, size, sha256, link target; " +
            "mtimes ignored) and, for kernel modules, version/srcversion/vermagic. Exit 1 when they differ")
        {
            before, after,
        };
        CommandAction.Set(command, globals, (parse, output) => WriteArguments.Guard(() =>
        {
            string a = parse.GetValue(before)!, b = parse.GetValue(after)!;
            foreach (string p in new[] { a, b })
            {
                if (!File.Exists(p))
                    throw new UserErrorException(p, "no such file");
            }
            BootImageDifference diff = BootImageDiff.Compare(a, b);
            var report = new DiffReport(a, b, diff.Entries.EntriesBefore, diff.Entries.EntriesAfter,
                [.. diff.Entries.Differences.Select(d => new DiffEntry(d.Path, d.Kind.ToString().ToLowerInvariant(), d.Fields,
                    d.Before?.Size, d.After?.Size, d.Before?.Sha256, d.After?.Sha256))],
                [.. diff.Modules.Select(m => new DiffModule(m.Name, m.PathBefore, m.PathAfter, m.Fields,
                    m.Before?.Version, m.After?.Version, m.Before?.SrcVersion, m.After?.SrcVersion, m.Before?.Vermagic, m.After?.Vermagic))]);
            Render(report, output);
            return diff.Identical ? ExitCodes.Ok : ExitCodes.Findings;
        }));
        return command;
    }

    private static void Render(DiffReport report, Output output)
    {
        if (output.Json)
        {
            JsonOutput.Write(output.Stdout, report, InitramfsJsonContext.Default.DiffReport);
            return;
        }
        foreach (DiffEntry e in report.Entries)
        {
            string sign = e.Kind switch { "added" => "[green]+[/]", "removed" => "[red]-[/]", _ => "[yellow]~[/]" };
            string fields = e.Fields.Count > 0 ? $" ({string.Join(", ", e.Fields)})" : "";
            output.Console.MarkupLine($"{sign} {Markup.Escape(e.Path + fields)}");
        }
        foreach (DiffModule m in report.Modules)
        {
            var details = new List<string>();
            if (m.Fields.Contains("version"))
                details.Add($"version {m.VersionBefore ?? "-"} → {m.VersionAfter ?? "-"}");
            if (m.Fields.Contains("srcversion"))
                details.Add($"srcversion {m.SrcVersionBefore ?? "-"} → {m.SrcVersionAfter ?? "-"}");
            if (m.Fields.Contains("vermagic"))
                details.Add($"vermagic {m.VermagicBefore ?? "-"} → {m.VermagicAfter ?? "-"}");
            if (details.Count == 0)
                details.Add(string.Join(", ", m.Fields));
            output.Console.MarkupLine($"module {Markup.Escape(m.Name)}: {Markup.Escape(string.Join("; ", details))}");
        }
        output.Console.MarkupLine(report.Entries.Count == 0 && report.Modules.Count == 0
            ? $"identical contents ({report.EntriesBefore} entries)"
            : $"{report.Entries.Count} entries differ ({report.EntriesBefore} → {report.EntriesAfter} entries)");
    }
}
