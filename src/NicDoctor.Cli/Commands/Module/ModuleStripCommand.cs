using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.KernelModules;
using NicDoctor.KernelModules.Compression;
using NicDoctor.KernelModules.Stripping;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Module;

/// <summary>JSON shape of <c>module strip --json</c>.</summary>
internal sealed record StripReport(
    string Input,
    string Output,
    string Compression,
    long InputBytes,
    long OutputBytes,
    long ElfBytesBefore,
    long ElfBytesAfter,
    IReadOnlyList<string> RemovedSections,
    int RemovedSymbols,
    bool SignatureRemoved);

/// <summary>
/// <c>nicdoctor module strip FILE -o OUT</c>: <c>strip --strip-debug</c> for modules, keeping
/// everything the loader needs (.symtab, relocations, .modinfo, __versions, .BTF).
/// </summary>
internal static class ModuleStripCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var input = new Argument<string>("file") { Description = "Module file (.ko, .ko.xz, .ko.zst, .ko.gz)" };
        var outputPath = new Option<string>("--output", "-o") { Description = "Where to write the stripped module (may equal FILE)", HelpName = "OUT", Required = true };
        var compression = new Option<string>("--compression") { Description = "Compression of the output (default: same as input)", HelpName = "none|gzip|xz|zstd" };
        compression.AcceptOnlyFromAmong("none", "gzip", "xz", "zstd");
        var command = new Command("strip", "Remove debug information only (like strip --strip-debug); the module stays loadable")
        {
            input, outputPath, compression,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string file = parse.GetValue(input)!;
            string target = parse.GetValue(outputPath)!;
            using ModuleFile module = ModuleFile.Open(file);
            StripResult result = DebugStripper.Strip(module);
            ModuleCompression kind = parse.GetValue(compression) is { } c ? Enum.Parse<ModuleCompression>(c, ignoreCase: true) : module.Compression;
            ModuleWriter.Write(target, result.Image, kind);

            var report = new StripReport(file, target, kind.ToString().ToLowerInvariant(), new FileInfo(file).Length, new FileInfo(target).Length,
                result.InputElfSize, result.Image.Length, result.RemovedSections, result.RemovedSymbols, result.SignatureRemoved);
            if (result.SignatureRemoved)
                output.Stderr.WriteLine($"nicdoctor: module strip: warning: {file} was signed; the signature no longer matches and was removed. " +
                    "Re-sign it (scripts/sign-file sha256 KEY CERT MODULE) where signatures are enforced, or the kernel taints (E) when it loads.");
            if (output.Json)
            {
                JsonOutput.Write(output.Stdout, report, ModuleJsonContext.Default.StripReport);
                return ExitCodes.Ok;
            }
            output.Console.MarkupLine($"[bold]{Markup.Escape(target)}[/]: {report.ElfBytesBefore:N0} → {report.ElfBytesAfter:N0} bytes uncompressed" +
                $" ({report.InputBytes:N0} → {report.OutputBytes:N0} on disk, {report.Compression})");
            output.Console.MarkupLine($"removed {report.RemovedSections.Count} sections, {report.RemovedSymbols} symbols" +
                (report.RemovedSections.Count > 0 ? $": {Markup.Escape(string.Join(' ', report.RemovedSections))}" : string.Empty));
            return ExitCodes.Ok;
        });
        return command;
    }
}
