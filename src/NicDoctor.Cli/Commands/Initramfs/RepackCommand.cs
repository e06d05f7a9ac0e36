using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Initramfs.Repack;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary><c>initramfs repack IN OUT [--add SRC=PATH]… [--replace SRC=PATH]… [--remove PATH]… [--compress …] [--in-place]</c>.</summary>
internal static class RepackCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var input = new Argument<string>("IN") { Description = "The image to change (never modified unless --in-place)" };
        var output = new Argument<string>("OUT") { Description = "Where to write the new image (temp file, fsync, rename); omit with --in-place", Arity = ArgumentArity.ZeroOrOne };
        var add = new Option<string[]>("--add") { Description = "Add local file SRC as PATH (missing parent directories are created)", HelpName = "SRC=PATH" };
        var replace = new Option<string[]>("--replace")
        {
            Description = "Replace PATH with local file SRC; a module may change suffix (i40e.ko.xz replaced by i40e.ko is stored as i40e.ko)",
            HelpName = "SRC=PATH",
        };
        var remove = new Option<string[]>("--remove") { Description = "Remove PATH", HelpName = "PATH" };
        var compress = WriteArguments.Compress("Codec for the rewritten part (default: its own codec and, where detectable, level).");
        var inPlace = new Option<bool>("--in-place") { Description = "Replace IN itself, keeping the old one as IN.bak (made once the new image is complete; refused if IN.bak exists)" };
        var depmod = new Option<bool>("--depmod")
        {
            Description = "Regenerate modules.dep/modules.alias/... of the touched lib/modules/KVER with the system 'depmod -b' on a staging copy, and store them back",
        };
        var append = new Option<bool>("--append")
        {
            Description = "Re-encode nothing: copy IN as it is and append one part with the new and replaced files (the kernel keeps the last copy). " +
                "Fast; the old copies stay, --remove is impossible, and lsinitrd/3cpio/cpio do not see the appended part",
        };
        var command = new Command("repack",
            "Change named entries and nothing else: untouched parts (early microcode, extra cpios) are copied byte for byte, " +
            "the changed part is re-encoded with its own codec. Reports stale modules.dep, or regenerates it with --depmod")
        {
            input, output, add, replace, remove, compress, inPlace, depmod, append,
        };
        CommandAction.Set(command, globals, (parse, render) => WriteArguments.Guard(() =>
        {
            string source = parse.GetValue(input)!;
            string? target = parse.GetValue(output);
            bool replaceInput = parse.GetValue(inPlace);
            if (!File.Exists(source))
                throw new UserErrorException(source, "no such file");
            if (replaceInput && target is not null)
                throw new UserErrorException("--in-place", "give IN only, not OUT");
            if (!replaceInput && target is null)
                throw new UserErrorException("repack", "give OUT, or --in-place to replace IN (a backup IN.bak is kept)");
            if (target is not null && Path.GetFullPath(target) == Path.GetFullPath(source))
                throw new UserErrorException(target, "is the input image; use --in-place to replace it (keeps a backup)");
            var changes = new List<EntryChange>();
            foreach (string a in parse.GetValue(add) ?? [])
                changes.Add(Parse(EntryChangeKind.Add, a, "--add"));
            foreach (string r in parse.GetValue(replace) ?? [])
                changes.Add(Parse(EntryChangeKind.Replace, r, "--replace"));
            foreach (string r in parse.GetValue(remove) ?? [])
                changes.Add(EntryChange.Parse(EntryChangeKind.Remove, r));
            string? backup = replaceInput ? source + ".bak" : null;
            if (backup is not null && Path.Exists(backup))
                throw new UserErrorException(backup, "exists; a backup is never overwritten (move it away first)");
            var options = new RepackOptions
            {
                Changes = changes,
                Compression = WriteArguments.ParseCompress(parse.GetValue(compress)),
                SourceDateEpoch = WriteArguments.SourceDateEpoch(),
                Depmod = parse.GetValue(depmod),
                Append = parse.GetValue(append),
                Backup = backup, // made at the rename, once the new image is complete
            };
            RepackResult result = InitramfsRepacker.Repack(source, target ?? source, options);
            var report = new RepackReport(source, target ?? source, backup,
                [.. result.Segments.Select(s => new RepackedPart(s.Index, s.Codec, s.Rewritten ? "rewritten" : "copied", s.WrittenWith, s.InputLength, s.OutputLength))],
                [.. result.Changes.Select(c => new RepackedEntry(c.Kind.ToString().ToLowerInvariant(), c.Path, c.StoredAs, c.Part, c.OldSize, c.NewSize))],
                result.Warnings, result.RegeneratedIndexes);
            Render(report, render);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static EntryChange Parse(EntryChangeKind kind, string text, string option)
    {
        try
        {
            return EntryChange.Parse(kind, text);
        }
        catch (FormatException e)
        {
            throw new UserErrorException(option, e.Message);
        }
    }

    private static void Render(RepackReport report, Output output)
    {
        if (output.Json)
        {
            JsonOutput.Write(output.Stdout, report, InitramfsJsonContext.Default.RepackReport);
            return;
        }
        foreach (RepackedEntry e in report.Entries)
        {
            string stored = e.StoredAs != e.Path ? $" (stored as {e.StoredAs})" : "";
            output.Console.MarkupLine($"{e.Change} part {e.Part}: {Markup.Escape(e.Path + stored)}");
        }
        foreach (RepackedPart p in report.Parts)
        {
            string what = p.Action != "rewritten" ? "copied byte for byte" : p.InputSize == 0 ? $"appended, {p.WrittenWith}" : $"rewritten with {p.WrittenWith}";
            output.Console.MarkupLine($"part {p.Index} ({Markup.Escape(p.Codec)}): {what}, {Sizes.Human(p.InputSize)} → {Sizes.Human(p.OutputSize)}");
        }
        foreach (string index in report.RegeneratedIndexes)
            output.Console.MarkupLine($"depmod regenerated {Markup.Escape(index)}");
        foreach (string w in report.Warnings)
            output.Console.MarkupLine($"[yellow]warning[/]: {Markup.Escape(w)}");
        output.Console.MarkupLine($"wrote {Markup.Escape(report.Output)}" + (report.Backup is { } b ? $" (backup {Markup.Escape(b)})" : ""));
    }
}
