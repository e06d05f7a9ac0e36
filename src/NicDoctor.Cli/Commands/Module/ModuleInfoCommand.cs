using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.KernelModules;

namespace NicDoctor.Cli.Commands.Module;

/// <summary>
/// <c>nicdoctor module info</c>: the same text as kmod's <c>modinfo</c> (scripts can switch), or
/// <c>--json</c>. A FILE argument is read directly; anything else is a module name or alias of
/// the chosen kernel's <c>modules.dep</c>/<c>modules.alias</c>/<c>modules.builtin</c>.
/// </summary>
internal static class ModuleInfoCommand
{
    private static readonly string[] ModuleExtensions = [".ko", ".ko.gz", ".ko.xz", ".ko.zst"];

    public static Command Create(GlobalOptions globals)
    {
        var modules = new Argument<string[]>("module")
        {
            Description = "Module file (.ko, .ko.xz, .ko.zst, .ko.gz) or module name/alias",
            Arity = ArgumentArity.OneOrMore,
        };
        var field = new Option<string>("--field", "-F") { Description = "Print only this field's values, one per line", HelpName = "FIELD" };
        var nul = new Option<bool>("--null", "-0") { Description = "End each record with NUL instead of newline" };
        var kernel = new Option<string>("--set-version", "-k") { Description = "Look names up in this kernel release's modules (default: running kernel)", HelpName = "KVER" };
        var baseDir = new Option<string>("--basedir", "-b") { Description = "Root directory that holds lib/modules", HelpName = "DIR" };
        var modname = new Option<bool>("--modname", "-m") { Description = "Treat the argument as a module name, not an alias or file" };
        var author = new Option<bool>("--author", "-a") { Description = "Print only 'author'" };
        var description = new Option<bool>("--description", "-d") { Description = "Print only 'description'" };
        var license = new Option<bool>("--license", "-l") { Description = "Print only 'license'" };
        var parameters = new Option<bool>("--parameters", "-p") { Description = "Print only 'parm'" };
        var filename = new Option<bool>("--filename", "-n") { Description = "Print only 'filename'" };

        var command = new Command("info", "Show module information exactly as kmod's modinfo prints it (same fields, order, padding)")
        {
            modules, field, nul, kernel, baseDir, modname, author, description, license, parameters, filename,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string? selected = parse.GetValue(field);
            if (parse.GetValue(author)) selected = "author";
            if (parse.GetValue(description)) selected = "description";
            if (parse.GetValue(license)) selected = "license";
            if (parse.GetValue(parameters)) selected = "parm";
            if (parse.GetValue(filename)) selected = "filename";
            string release = parse.GetValue(kernel) ?? RunningKernelRelease();
            var directory = ModuleDirectory.ForKernel(release, parse.GetValue(baseDir));
            bool byName = parse.GetValue(modname);

            var infos = new List<ModuleInfo>();
            int status = ExitCodes.Ok;
            foreach (string argument in parse.GetValue(modules) ?? [])
            {
                IReadOnlyList<ModuleInfo> found = !byName && IsModuleFile(argument)
                    ? [ModuleInfo.FromFile(argument, Path.IsPathRooted(argument) ? argument : Environment.CurrentDirectory + "/" + argument)]
                    : Lookup(directory, argument, byName);
                if (found.Count == 0)
                {
                    output.Stderr.WriteLine($"nicdoctor: module info: Module {argument} not found in {directory.Path}.");
                    status = ExitCodes.UsageOrInput;
                }
                infos.AddRange(found);
            }

            if (output.Json)
            {
                var json = new ModuleInfoList([.. infos.Select(i => new ModuleInfoJson(i.Filename, i.BuiltinName, i.Entries.Select(e => new ModuleField(e.Key, e.Value)).ToList()))]);
                JsonOutput.Write(output.Stdout, json, ModuleJsonContext.Default.ModuleInfoList);
                return status;
            }
            bool useNul = parse.GetValue(nul);
            foreach (ModuleInfo info in infos)
            {
                foreach (string invalid in ModinfoText.Write(output.Stdout, info, selected, useNul))
                    output.Stderr.WriteLine($"nicdoctor: module info: found invalid \"{invalid}\": missing ':'");
            }
            return status;
        });
        return command;
    }

    private static IReadOnlyList<ModuleInfo> Lookup(ModuleDirectory directory, string name, bool byName)
    {
        if (!byName)
            return directory.Lookup(name);
        return directory.FindModule(name) is { } path ? [ModuleInfo.FromFile(path)] : [];
    }

    // kmod's rule: a file only if it exists, is regular and has a module extension.
    private static bool IsModuleFile(string argument) =>
        ModuleExtensions.Any(e => argument.EndsWith(e, StringComparison.Ordinal)) && File.Exists(argument);

    internal static string RunningKernelRelease()
    {
        const string release = "/proc/sys/kernel/osrelease";
        return File.Exists(release) ? File.ReadAllText(release).Trim() : Environment.OSVersion.Version.ToString();
    }
}
