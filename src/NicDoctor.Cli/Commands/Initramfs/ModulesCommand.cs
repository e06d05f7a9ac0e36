using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Evidence.BootImage;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary><c>initramfs modules IMAGE</c>: every kernel module inside, with modinfo facts.</summary>
internal static class ModulesCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var image = InitramfsArguments.Image();
        var command = new Command("modules",
            "List every kernel module inside the image (.ko, .ko.xz, .ko.zst, .ko.gz) with name, version, srcversion, vermagic, " +
            "whether its symbol table is kept, size and sha256")
        {
            image,
        };
        CommandAction.Set(command, globals, (parse, output) => WriteArguments.Guard(() =>
        {
            string path = parse.GetValue(image)!;
            if (!File.Exists(path))
                throw new UserErrorException(path, "no such file");
            IReadOnlyList<ImageModule> modules = ImageModuleInventory.Read(path);
            var report = new ModulesReport(path, [.. modules.Select(m => new ModuleEntry(m.Path, m.Name, m.Version, m.SrcVersion, m.Vermagic, m.HasSymbols, m.Size, m.Sha256))]);
            if (output.Json)
            {
                JsonOutput.Write(output.Stdout, report, InitramfsJsonContext.Default.ModulesReport);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("name", "version", "srcversion", "vermagic", "symbols", "size", "path");
            foreach (ModuleEntry m in report.Modules)
            {
                table.AddRow(Markup.Escape(m.Name), Markup.Escape(m.Version ?? "-"), Markup.Escape(m.SrcVersion ?? "-"),
                    Markup.Escape(m.Vermagic?.Split(' ')[0] ?? "-"), m.HasSymbols ? "yes" : "stripped", Sizes.Human(m.Size), Markup.Escape(m.Path));
            }
            output.Console.Write(table);
            output.Console.MarkupLine($"{report.Modules.Count} modules");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
