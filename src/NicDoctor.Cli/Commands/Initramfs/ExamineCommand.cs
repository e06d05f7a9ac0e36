using System.CommandLine;
using System.Globalization;
using NicDoctor.Cli.Rendering;
using NicDoctor.Initramfs.Image;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary><c>initramfs examine IMAGE</c>: the table of parts (like <c>3cpio --examine</c>).</summary>
internal static class ExamineCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var image = InitramfsArguments.Image();
        var command = new Command("examine", "Show the image's parts: start, end, size, compression, uncompressed size, entries, role")
        {
            image,
        };
        CommandAction.Set(command, globals, (parse, output) => InitramfsArguments.Guard(() =>
        {
            string path = parse.GetValue(image)!;
            using InitramfsImage reader = InitramfsArguments.Open(path);
            var report = new ExamineReport(path, reader.Length, PartInfo.From(reader.ReadLayout()));
            Render(report, output);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Render(ExamineReport report, Output output)
    {
        if (output.Json)
        {
            JsonOutput.Write(output.Stdout, report, InitramfsJsonContext.Default.ExamineReport);
            return;
        }
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("part").RightAligned())
            .AddColumn(new TableColumn("start").RightAligned())
            .AddColumn(new TableColumn("end").RightAligned())
            .AddColumn(new TableColumn("size").RightAligned())
            .AddColumn("codec")
            .AddColumn(new TableColumn("unpacked").RightAligned())
            .AddColumn(new TableColumn("entries").RightAligned())
            .AddColumn("role");
        foreach (PartInfo p in report.Parts)
        {
            string compression = p.CompressionDetail is null ? p.Compression : $"{p.Compression} ({p.CompressionDetail})";
            table.AddRow(
                Num(p.Index), Num(p.Start), Num(p.End), Sizes.Human(p.Size), Markup.Escape(compression),
                Sizes.Human(p.UncompressedSize), Num(p.Entries), Markup.Escape(p.Role));
        }
        output.Console.Write(table);
        foreach (PartInfo p in report.Parts)
        {
            foreach (string problem in p.Problems)
                output.Console.MarkupLine($"[yellow]part {p.Index}:[/] {Markup.Escape(problem)}");
        }
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
