using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Upgrade.Boot;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Boot;

/// <summary><c>nicdoctor boot entries</c>: the boot menu with default/next and each file's existence and sha256.</summary>
internal static class BootEntriesCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var root = BootCommand.RootOption();
        var command = new Command("entries", "List boot entries (grub.cfg, grub.conf, /boot/loader/entries), the default and next entry, kernel/initrd existence and sha256 (exit 1 when a default entry's file is missing)") { root };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            BootConfiguration config = BootConfigReader.Read(parse.GetValue(root)!);
            if (output.Json)
                JsonOutput.Write(output.Stdout, config, BootJsonContext.Default.BootConfiguration);
            else
                Render(config, output);
            BootEntry? def = config.Default;
            bool broken = def is not null && (def.Kernel is { Exists: false } || def.Initrds.Any(i => !i.Exists));
            return broken ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(BootConfiguration config, Output output)
    {
        output.Stdout.WriteLine($"boot loader: {config.Flavor}{(config.ConfigFile is null ? "" : $" ({config.ConfigFile})")}{(config.BootIsSeparate ? ", /boot is a separate file system" : "")}");
        if (config.GrubEnvFile is not null)
            output.Stdout.WriteLine($"grubenv: {config.GrubEnvFile} saved_entry={config.SavedEntry ?? "-"} next_entry={config.NextEntry ?? "-"}");
        foreach (BootEntry e in config.Entries)
        {
            string mark = e.IsDefault ? "[green]default[/] " : e.IsNext ? "[yellow]next[/] " : "";
            output.Console.MarkupLine($"{Markup.Escape(e.MenuPath),-4} {mark}[bold]{Markup.Escape(e.Title)}[/]");
            if (e.Id is not null)
                output.Stdout.WriteLine($"     id:      {e.Id}");
            if (e.Kernel is { } k)
                output.Stdout.WriteLine($"     kernel:  {Describe(k)}");
            foreach (BootFile i in e.Initrds)
                output.Stdout.WriteLine($"     initrd:  {Describe(i)}");
            if (!string.IsNullOrEmpty(e.Options))
                output.Stdout.WriteLine($"     options: {e.Options}");
        }
        foreach (string note in config.Notes)
            output.Stdout.WriteLine($"note: {note}");
    }

    private static string Describe(BootFile f) =>
        f.Exists ? $"{f.HostPath} ({f.Size} bytes{(f.Sha256 is null ? "" : $", sha256 {f.Sha256}")})" : $"{f.HostPath} MISSING";
}
