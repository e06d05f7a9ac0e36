using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Initramfs.Compression.Encoding;
using NicDoctor.Initramfs.Write;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary><c>initramfs create OUT --from DIR [--early DIR] [--compress CODEC[:LEVEL]]</c>.</summary>
internal static class CreateCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var output = new Argument<string>("OUT") { Description = "The image to write (atomically: temp file, fsync, rename)" };
        var from = new Option<string>("--from") { Description = "Directory tree to archive (stable order; owner root; SOURCE_DATE_EPOCH sets every mtime)", HelpName = "DIR", Required = true };
        var early = new Option<string>("--early") { Description = "Directory archived first as an uncompressed part (early microcode: kernel/x86/microcode/...)", HelpName = "DIR" };
        var compress = WriteArguments.Compress("Codec for the main part (default zstd, level as dracut uses).");
        var command = new Command("create", "Write a bootable newc image from a directory, optionally with an uncompressed early part; same input + SOURCE_DATE_EPOCH → same bytes")
        {
            output, from, early, compress,
        };
        CommandAction.Set(command, globals, (parse, render) => WriteArguments.Guard(() =>
        {
            long? epoch = WriteArguments.SourceDateEpoch();
            CompressionChoice choice = WriteArguments.ParseCompress(parse.GetValue(compress)) ?? new CompressionChoice(NicDoctor.Initramfs.Compression.CompressionMethod.Zstd);
            var plans = new List<ImageSegmentPlan>();
            if (parse.GetValue(early) is { } earlyDir)
                plans.Add(new ImageSegmentPlan(DirectoryArchive.Read(earlyDir, epoch), CompressionChoice.None));
            plans.Add(new ImageSegmentPlan(DirectoryArchive.Read(parse.GetValue(from)!, epoch), choice));
            string path = parse.GetValue(output)!;
            AtomicFile.Write(path, stream => ImageWriter.Write(stream, plans));
            var report = new CreateReport(path, new FileInfo(path).Length, [.. plans.Select(p => new CreatedPart(p.Compression.ToString(), p.Items.Count))]);
            if (render.Json)
                JsonOutput.Write(render.Stdout, report, InitramfsJsonContext.Default.CreateReport);
            else
                render.Console.MarkupLine($"wrote {Markup.Escape(report.Image)}: {Sizes.Human(report.Size)}, " +
                    string.Join(" + ", report.Parts.Select(p => $"{p.Entries} entries ({Markup.Escape(p.Compression)})")));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
