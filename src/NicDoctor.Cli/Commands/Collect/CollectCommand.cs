using System.CommandLine;
using System.Text.Json.Serialization;
using NicDoctor.Cli.Rendering;
using NicDoctor.Evidence.Collector;

namespace NicDoctor.Cli.Commands.Collect;

/// <summary>
/// <c>nicdoctor collect</c>: run the portable collector here, or print it for hosts without .NET.
/// </summary>
internal static class CollectCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var script = new Option<bool>("--script")
        {
            Description = "Print the POSIX sh collector (for CentOS 6/7, busybox hosts): nicdoctor collect --script > collect.sh",
        };
        var outputFile = new Option<string?>("--output", "-o")
        {
            Description = "Bundle to write (default ./nicdoctor-bundle-HOST-TIME.tar.gz)",
            HelpName = "FILE.tar.gz",
        };
        var samples = new Option<int>("--samples")
        {
            Description = "ethtool -S samples per interface",
            DefaultValueFactory = _ => 5,
        };
        var interval = new Option<int>("--interval")
        {
            Description = "Seconds between samples",
            DefaultValueFactory = _ => 2,
        };
        samples.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
                r.AddError("--samples must be at least 1");
        });
        interval.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
                r.AddError("--interval must not be negative");
        });
        var command = new Command("collect", "Gather an evidence bundle from this host (kernel log, NIC facts, per-queue counters over time, boot files), or print the portable collector")
        {
            script, outputFile, samples, interval,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            if (parse.GetValue(script))
            {
                output.Stdout.Write(CollectorScript.Text);
                return ExitCodes.Ok;
            }
            string bundle = CollectorScript.Run(new CollectorOptions(parse.GetValue(outputFile), parse.GetValue(samples), parse.GetValue(interval)), output.Stderr);
            if (output.Json)
                JsonOutput.Write(output.Stdout, new CollectResult(bundle), CollectJsonContext.Default.CollectResult);
            else
                output.Stdout.WriteLine(bundle);
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>JSON shape of <c>collect --json</c>.</summary>
internal sealed record CollectResult(string Bundle);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CollectResult))]
internal sealed partial class CollectJsonContext : JsonSerializerContext;
