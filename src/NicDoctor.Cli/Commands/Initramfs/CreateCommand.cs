using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Initramfs.Compression.Encoding;
using NicDoctor.Initramfs.Manifest;
using NicDoctor.Initramfs.Write;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary><c>initramfs create OUT (--from DIR [--early DIR] [--compress CODEC[:LEVEL]] | --manifest FILE [-C DIR])</c>.</summary>
internal static class CreateCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var output = new Argument<string>("OUT") { Description = "The image to write (atomically: temp file, fsync, rename)" };
        var from = new Option<string>("--from") { Description = "Directory tree to archive (stable order; owner root; SOURCE_DATE_EPOCH sets every mtime)", HelpName = "DIR" };
        var manifest = new Option<string>("--manifest")
        {
            Description = "3cpio manifest to archive ('-' for stdin): tab-separated LOCATION NAME TYPE MODE UID GID MTIME ..., " +
                "bare paths, '#cpio' / '#cpio: zstd -9' part lines; SOURCE_DATE_EPOCH clamps mtimes",
            HelpName = "FILE",
        };
        var directory = new Option<string>("--directory", "-C") { Description = "With --manifest: resolve relative locations from DIR (as 3cpio -C)", HelpName = "DIR" };
        var early = new Option<string>("--early") { Description = "With --from: directory archived first as an uncompressed part (early microcode: kernel/x86/microcode/...)", HelpName = "DIR" };
        var compress = WriteArguments.Compress("With --from: codec for the main part (default zstd, level as dracut uses).");
        var command = new Command("create", "Write a bootable newc image from a directory or a 3cpio manifest; same input + SOURCE_DATE_EPOCH → same bytes")
        {
            output, from, manifest, directory, early, compress,
        };
        CommandAction.Set(command, globals, (parse, render) => WriteArguments.Guard(() =>
        {
            long? epoch = WriteArguments.SourceDateEpoch();
            string? tree = parse.GetValue(from);
            string? manifestPath = parse.GetValue(manifest);
            if ((tree is null) == (manifestPath is null))
                throw new UserErrorException("create", "give exactly one of --from DIR and --manifest FILE");
            List<ImageSegmentPlan> plans;
            IReadOnlyList<string> warnings = [];
            UnixFileMode? mode = null;
            if (manifestPath is not null)
            {
                if (parse.GetValue(early) is not null || parse.GetValue(compress) is not null)
                    throw new UserErrorException("--manifest", "the manifest's '#cpio' lines choose the parts and codecs; --early and --compress go with --from");
                ManifestImage image = InitramfsManifest.Read(manifestPath, parse.GetValue(directory), epoch);
                plans = [.. image.Segments];
                warnings = image.Warnings;
                mode = (UnixFileMode)0x1B6 & ~image.OutputUmask; // 0666 minus what the inputs keep private
            }
            else
            {
                if (parse.GetValue(directory) is not null)
                    throw new UserErrorException("-C", "goes with --manifest");
                CompressionChoice choice = WriteArguments.ParseCompress(parse.GetValue(compress)) ?? new CompressionChoice(NicDoctor.Initramfs.Compression.CompressionMethod.Zstd);
                plans = [];
                if (parse.GetValue(early) is { } earlyDir)
                    plans.Add(new ImageSegmentPlan(DirectoryArchive.Read(earlyDir, epoch), CompressionChoice.None));
                plans.Add(new ImageSegmentPlan(DirectoryArchive.Read(tree!, epoch), choice));
            }
            string path = parse.GetValue(output)!;
            AtomicFile.Write(path, stream => ImageWriter.Write(stream, plans), mode);
            var report = new CreateReport(path, new FileInfo(path).Length, [.. plans.Select(p => new CreatedPart(p.Compression.ToString(), p.Items.Count))], warnings);
            if (render.Json)
                JsonOutput.Write(render.Stdout, report, InitramfsJsonContext.Default.CreateReport);
            else
            {
                foreach (string w in report.Warnings)
                    render.Console.MarkupLine($"[yellow]warning[/]: {Markup.Escape(w)}");
                render.Console.MarkupLine($"wrote {Markup.Escape(report.Image)}: {Sizes.Human(report.Size)}, " +
                    string.Join(" + ", report.Parts.Select(p => $"{p.Entries} entries ({Markup.Escape(p.Compression)})")));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
