using System.CommandLine;
using System.Globalization;
using NicDoctor.Cli.Rendering;
using NicDoctor.Nic;
using NicDoctor.Nic.Sources;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Nic;

/// <summary><c>nicdoctor nic list [--from DIR]</c>: the inventory table.</summary>
internal static class NicListCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var from = NicOptions.From();
        var command = new Command("list", "Inventory: PCI identity, driver, firmware, link, MAC, MTU, queues and upper devices per interface")
        {
            from,
        };
        CommandAction.Set(command, globals, (parse, output) =>
        {
            using INicSource source = NicOptions.OpenSource(parse.GetValue(from));
            IReadOnlyList<NicFacts> facts = source.Inventory();
            if (output.Json)
                JsonOutput.Write(output.Stdout, facts, NicJsonContext.Default.IReadOnlyListNicFacts);
            else
                Render(facts, source.Description, output.Console);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(IReadOnlyList<NicFacts> facts, string source, IAnsiConsole console)
    {
        var table = new Table().Title($"network interfaces ([dim]{Markup.Escape(source)}[/])")
            .AddColumn("interface").AddColumn("driver").AddColumn("firmware").AddColumn("PCI")
            .AddColumn("device").AddColumn("link").AddColumn("MAC").AddColumn(new TableColumn("MTU").RightAligned())
            .AddColumn("queues tx/rx").AddColumn("upper");
        foreach (NicFacts f in facts)
        {
            table.AddRow(
                Markup.Escape(f.Name),
                Markup.Escape(Join(f.Driver, f.DriverVersion)),
                Markup.Escape(f.FirmwareVersion ?? ""),
                Markup.Escape(f.PciAddress ?? ""),
                Markup.Escape(Device(f)),
                Markup.Escape(Link(f)),
                Markup.Escape(f.Mac ?? ""),
                f.Mtu?.ToString(CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(Queues(f)),
                Markup.Escape(string.Join(", ", f.Master is null ? f.Uppers : f.Uppers.Prepend(f.Master).Distinct())));
        }
        console.Write(table);
    }

    private static string Join(string? a, string? b) => string.Join(' ', new[] { a, b }.Where(s => !string.IsNullOrEmpty(s)));

    private static string Device(NicFacts f)
    {
        string ids = f.VendorId is null ? "" : $"[{f.VendorId}:{f.DeviceId}]";
        string name = Join(f.VendorName, f.DeviceName);
        return Join(name, ids);
    }

    private static string Link(NicFacts f)
    {
        string state = f.Link?.LinkDetected switch { true => "up", false => "down", null => f.OperState ?? "" };
        string speed = f.Link?.SpeedMbps is { } s ? $" {s}Mb/s" : "";
        string duplex = f.Link?.Duplex is { } d ? $" {d.ToLowerInvariant()}" : "";
        return state + speed + duplex;
    }

    private static string Queues(NicFacts f)
    {
        string counts = f.TxQueues is null && f.RxQueues is null ? "" : $"{f.TxQueues?.ToString(CultureInfo.InvariantCulture) ?? "?"}/{f.RxQueues?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
        ChannelCounts? c = f.Channels;
        string channels = c is null ? "" : c.Combined is { } comb
            ? $"combined {comb}/{c.MaxCombined}"
            : $"rx {c.Rx?.ToString(CultureInfo.InvariantCulture) ?? "-"} tx {c.Tx?.ToString(CultureInfo.InvariantCulture) ?? "-"}";
        return Join(counts, channels.Length > 0 ? $"({channels})" : null);
    }
}
