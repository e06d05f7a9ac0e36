using System.Security.Cryptography;
using System.Text;

namespace NicDoctor.Upgrade.Boot;

/// <summary>
/// Plans a fallback boot entry: the default entry's kernel and options with a backup initramfs.
/// The strategy follows the host: a BLS file where GRUB reads /boot/loader/entries (older
/// grubby-bls overwrote the kernel's own entry when adding a second one for the same kernel),
/// grubby where it manages grub.cfg/grub.conf, an /etc/grub.d script plus
/// update-grub/grub2-mkconfig elsewhere (a grub.cfg edited by hand is lost at the next kernel update).
/// </summary>
public static class FallbackPlanner
{
    public const string GrubDScript = "/etc/grub.d/42_nicdoctor_fallback";
    public const string BlsSuffix = "-nicdoctor-fallback";

    /// <summary>The /etc/grub.d script of a role: 42_nicdoctor_fallback, 43_nicdoctor_trial (after 10_linux, so the default does not move).</summary>
    public static string GrubDScriptFor(string role) => role == "fallback" ? GrubDScript : $"/etc/grub.d/43_nicdoctor_{role}";

    /// <summary>The suffix of the entry id of a role: -nicdoctor-fallback, -nicdoctor-trial.</summary>
    public static string SuffixFor(string role) => $"-nicdoctor-{role}";

    private static readonly string[] GrubbyPaths = ["/usr/sbin/grubby", "/sbin/grubby"];

    /// <exception cref="FileNotFoundException">The backup initramfs or the kernel is not there.</exception>
    /// <exception cref="InvalidOperationException">No boot loader configuration or no default entry to copy.</exception>
    public static FallbackPlan Plan(BootConfiguration config, FallbackRequest request)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        var host = new HostRoot(config.Root);
        if (config.Flavor == BootLoaderFlavor.None)
            throw new InvalidOperationException($"no boot loader configuration under {config.Root}: nothing to add an entry to");
        BootEntry template = config.Default
            ?? throw new InvalidOperationException("the boot menu has no default entry to copy the kernel options from");
        string initrdFull = host.Resolve(request.Initrd);
        if (request.InitrdSha256 is null && !File.Exists(initrdFull))
            throw new FileNotFoundException($"{request.Initrd}: backup initramfs not found", request.Initrd);
        string kernel = request.Kernel ?? template.Kernel?.HostPath
            ?? throw new InvalidOperationException($"default entry '{template.Title}' names no kernel");
        if (!host.FileExists(kernel))
            throw new FileNotFoundException($"{kernel}: kernel not found", kernel);

        string loaderPrefix = LoaderPrefix(template, config.BootIsSeparate);
        string initrdLoader = ToLoaderPath(request.Initrd, loaderPrefix);
        string kernelLoader = ToLoaderPath(kernel, loaderPrefix);
        string title = request.Title ?? $"{template.Title} (nicdoctor {request.Role}: {Path.GetFileName(request.Initrd)})";
        string suffix = SuffixFor(request.Role);
        string extra = string.IsNullOrWhiteSpace(request.AppendOptions) ? "" : " " + request.AppendOptions.Trim();
        var plan = new FallbackPlan
        {
            Strategy = FallbackStrategy.BlsFile,
            Root = config.Root,
            Title = title,
            Kernel = kernel,
            Initrd = request.Initrd,
            InitrdLoaderPath = initrdLoader,
            InitrdSha256 = request.InitrdSha256 ?? Sha256(initrdFull),
            CopiedFrom = template.Title,
        };

        if (template.Source == BootEntrySource.Bls)
            return PlanBls(host, template, plan, kernelLoader, suffix, extra);
        if (GrubbyPaths.FirstOrDefault(host.FileExists) is { } grubby)
            return PlanGrubby(config, plan, grubby, extra);
        if (config.Flavor == BootLoaderFlavor.GrubLegacy)
            return PlanLegacy(host, config, template, plan, kernelLoader, extra);
        return PlanGrubD(host, config, template, plan, kernelLoader, suffix, GrubDScriptFor(request.Role), extra);
    }

    private static FallbackPlan PlanBls(HostRoot host, BootEntry template, FallbackPlan plan, string kernelLoader, string suffix, string extra)
    {
        string id = template.Id + suffix;
        string file = $"{BootConfigReader.BlsEntriesDirectory}/{id}.conf";
        var text = new StringBuilder();
        bool wroteInitrd = false;
        foreach (string line in (host.ReadText(template.ConfigFile) ?? "").Split('\n'))
        {
            string key = line.Split([' ', '\t'], 2)[0];
            switch (key)
            {
                case "title": text.Append("title ").Append(plan.Title).Append('\n'); break;
                case "linux": text.Append("linux ").Append(kernelLoader).Append('\n'); break;
                case "id": text.Append("id ").Append(line.Split([' ', '\t'], 2)[1].Trim()).Append(suffix).Append('\n'); break;
                case "options": text.Append(line.TrimEnd()).Append(extra).Append('\n'); break;
                case "initrd" when !wroteInitrd:
                    text.Append("initrd ").Append(plan.InitrdLoaderPath).Append('\n');
                    wroteInitrd = true;
                    break;
                case "initrd": break;
                default:
                    if (line.Length > 0)
                        text.Append(line).Append('\n');
                    break;
            }
        }
        if (!wroteInitrd)
            text.Append("initrd ").Append(plan.InitrdLoaderPath).Append('\n');
        return plan with
        {
            Strategy = FallbackStrategy.BlsFile,
            EntryId = id,
            Writes = [new BootFileWrite(file, text.ToString(), ReadWrite)],
            UndoRemoves = [file],
            Notes =
            [
                $"GRUB reads {BootConfigReader.BlsEntriesDirectory} at boot (blscfg): the new file is the whole change, nothing is regenerated",
                $"copied from {template.ConfigFile}; the default entry is not touched (saved_entry stays '{template.Id}')",
            ],
        };
    }

    private static FallbackPlan PlanGrubby(BootConfiguration config, FallbackPlan plan, string grubby, string extra)
    {
        BootEntry template = config.Default!;
        return plan with
        {
            Strategy = FallbackStrategy.Grubby,
            Commands =
            [
                new BootCommand([grubby, $"--add-kernel={plan.Kernel}", $"--initrd={plan.Initrd}", $"--title={plan.Title}", "--copy-default",
                    // grubby inserts at the top by default; a numeric default would then point at the new entry.
                    $"--set-index={config.Entries.Count}", .. extra.Length > 0 ? new[] { $"--args={extra.Trim()}" } : []]),
                new BootCommand([grubby, "--default-kernel"], template.Kernel!.HostPath),
            ],
            UndoCommands = [new BootCommand([grubby, $"--remove-kernel=TITLE={plan.Title}"])],
            Notes =
            [
                $"grubby manages {config.ConfigFile}; the entry is appended at index {config.Entries.Count} so the default stays '{template.Title}'",
                "the check after adding verifies that grubby --default-kernel still names the default kernel",
                config.Flavor == BootLoaderFlavor.Grub2
                    ? "grubby edits grub.cfg itself: a later grub2-mkconfig drops the entry (run add-fallback again after it)"
                    : "grub.conf keeps the entry until it is removed",
            ],
        };
    }

    private static FallbackPlan PlanLegacy(HostRoot host, BootConfiguration config, BootEntry template, FallbackPlan plan, string kernelLoader, string extra)
    {
        string original = host.ReadText(config.ConfigFile!)!;
        var block = new StringBuilder();
        block.Append("title ").Append(plan.Title).Append('\n');
        if (template.GrubDevice is { } device)
            block.Append("\troot ").Append(device).Append('\n');
        block.Append("\tkernel ").Append(kernelLoader).Append(' ').Append(template.Options).Append(extra).Append('\n');
        block.Append("\tinitrd ").Append(plan.InitrdLoaderPath).Append('\n');
        string updated = original.EndsWith('\n') ? original + block : original + "\n" + block;
        return plan with
        {
            Strategy = FallbackStrategy.GrubLegacyConf,
            Writes = [new BootFileWrite(config.ConfigFile!, updated, ReadWrite)],
            UndoWrites = [new BootFileWrite(config.ConfigFile!, original, ReadWrite)],
            Notes = [$"appended to {config.ConfigFile} as entry {config.Entries.Count}: default={config.DefaultSetting ?? "0"} still names '{template.Title}'"],
        };
    }

    private static FallbackPlan PlanGrubD(HostRoot host, BootConfiguration config, BootEntry template, FallbackPlan plan, string kernelLoader,
        string suffix, string scriptPath, string extra)
    {
        string id = (template.Id ?? "nicdoctor") + suffix;
        var body = new StringBuilder();
        string[] lines = (host.ReadText(template.ConfigFile) ?? "").Split('\n');
        foreach (string line in EntryBody(lines, template.Line))
        {
            string trimmed = line.TrimStart();
            string command = trimmed.Split([' ', '\t'], 2)[0];
            string indent = "\t";
            if (command is "initrd" or "initrd16" or "initrdefi")
                body.Append(indent).Append(command).Append(' ').Append(plan.InitrdLoaderPath).Append('\n');
            else if (command is "linux" or "linux16" or "linuxefi")
                body.Append(indent).Append(command).Append(' ').Append(kernelLoader).Append(' ').Append(template.Options).Append(extra).Append('\n');
            else if (command != "echo")
                body.Append(indent).Append(trimmed).Append('\n');
        }
        string script =
            "#!/bin/sh\n" +
            $"# Added by nicdoctor: boots {plan.Kernel} with the initramfs backup {plan.Initrd}\n" +
            $"# (sha256 {plan.InitrdSha256}). Remove this file and regenerate grub.cfg to take it away.\n" +
            "exec tail -n +6 \"$0\"\n" +
            "\n" +
            $"menuentry {GrubQuote(plan.Title)} --class gnu-linux --class os --id {GrubQuote(id)} {{\n" +
            body +
            "}\n";
        BootCommand regenerate = RegenerateCommand(host, config);
        return plan with
        {
            Strategy = FallbackStrategy.GrubDScript,
            EntryId = id,
            Writes = [new BootFileWrite(scriptPath, script, Executable)],
            Commands = [regenerate],
            UndoRemoves = [scriptPath],
            UndoCommands = [regenerate],
            Notes =
            [
                $"{scriptPath} runs after 10_linux, so the entry is added at the end of the menu: the default ('{template.Title}') does not move",
                $"{regenerate.Display} rewrites {config.ConfigFile}; the entry survives later kernel updates until the script is removed",
            ],
        };
    }

    /// <summary>update-grub (Debian) or grub2-mkconfig/grub-mkconfig -o CONFIG: regenerates grub.cfg from /etc/grub.d.</summary>
    public static BootCommand RegenerateCommand(HostRoot host, BootConfiguration config)
    {
        if (host.FileExists("/usr/sbin/update-grub") && config.ConfigFile == "/boot/grub/grub.cfg")
            return new BootCommand(["update-grub"]);
        string tool = host.FileExists("/usr/sbin/grub2-mkconfig") || config.ConfigFile!.Contains("grub2", StringComparison.Ordinal)
            ? "grub2-mkconfig" : "grub-mkconfig";
        return new BootCommand([tool, "-o", config.ConfigFile!]);
    }

    /// <summary>The lines inside the menuentry that starts at 1-based <paramref name="line"/>.</summary>
    internal static IEnumerable<string> EntryBody(string[] lines, int line)
    {
        int depth = 0;
        for (int i = line - 1; i < lines.Length; i++)
        {
            List<string> words = GrubWords.Split(lines[i]);
            if (i == line - 1)
            {
                depth = 1;
                continue;
            }
            if (words.Count > 0 && words[0] == "}")
            {
                if (--depth == 0)
                    yield break;
            }
            else if (words.Count > 0 && words[^1] == "{")
            {
                depth++;
            }
            if (depth >= 1)
                yield return lines[i];
        }
    }

    // The boot-partition prefix the loader drops: "/boot" when /boot is its own file system.
    private static string LoaderPrefix(BootEntry template, bool bootIsSeparate)
    {
        if (template.Kernel is { } k)
        {
            string loader = k.LoaderPath[(k.LoaderPath.IndexOf(')', StringComparison.Ordinal) + 1)..];
            if (k.HostPath.EndsWith(loader, StringComparison.Ordinal))
                return k.HostPath[..^loader.Length];
        }
        return bootIsSeparate ? "/boot" : "";
    }

    private static string ToLoaderPath(string hostPath, string prefix) =>
        prefix.Length > 0 && hostPath.StartsWith(prefix + "/", StringComparison.Ordinal) ? hostPath[prefix.Length..] : hostPath;

    private static string GrubQuote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private const UnixFileMode ReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable = ReadWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
}
