using System.CommandLine;
using NicDoctor.Cli.Rendering;
using NicDoctor.Nic.Live;
using NicDoctor.Nic.Queues;
using NicDoctor.Nic.Sources;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Nic;

/// <summary>
/// <c>nicdoctor nic queues IF [--cpu N | --pid PID]</c>: the transmit-queue map (XPS CPUs, IRQ
/// and its affinity, tx_timeout), and which queue a sender uses and why.
/// </summary>
internal static class NicQueuesCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var name = NicOptions.Interface();
        var from = NicOptions.From();
        var cpu = new Option<int?>("--cpu") { Description = "Explain which tx queue packets sent on this CPU use", HelpName = "N" };
        var pid = new Option<int?>("--pid")
        {
            Description = "Explain which tx queue each thread of this process uses, from the CPU it last ran on (e.g. the vhost-<qemu pid> thread)",
            HelpName = "PID",
        };
        var command = new Command("queues", "Transmit-queue map: XPS CPUs, IRQ affinity, tx_timeout per queue; with --cpu/--pid, which queue a sender uses and why")
        {
            name, cpu, pid, from,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(cpu) is not null && r.GetValue(pid) is not null)
                r.AddError("--cpu and --pid cannot be used together");
        });
        CommandAction.Set(command, globals, (parse, output) =>
        {
            string ifName = parse.GetValue(name)!;
            using INicSource source = NicOptions.OpenSource(parse.GetValue(from));
            TxQueueMap map = source.QueueMap(ifName);
            var senders = new List<NicSenderChoice>();
            if (parse.GetValue(cpu) is { } c)
                senders.Add(Choice(map, null, c, null));
            if (parse.GetValue(pid) is { } p)
            {
                foreach (ThreadPlacement t in ThreadPlacement.ReadProcess(source.Root ?? "/", p))
                    senders.Add(Choice(map, t, t.LastCpu, t.AllowedCpus));
            }
            var result = new NicQueuesResult(ifName, [.. map.Queues.Select(Row)], senders);
            if (output.Json)
                JsonOutput.Write(output.Stdout, result, NicJsonContext.Default.NicQueuesResult);
            else
                Render(result, output.Console);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static NicSenderChoice Choice(TxQueueMap map, ThreadPlacement? thread, int cpu, IReadOnlyList<int>? allowed)
    {
        TxQueueChoice choice = map.Choose(cpu);
        IReadOnlyList<int>? ifMigrated = allowed is null ? null
            : [.. allowed.Select(map.Choose).SelectMany(ch => ch.Rule == TxQueueRule.Hash ? [] : ch.Queues).Distinct().Order()];
        return new NicSenderChoice(thread?.Pid, thread?.Tid, thread?.Command, cpu, allowed, choice.Rule.ToString(), choice.Queues, choice.Explanation)
        {
            QueuesIfMigrated = ifMigrated,
        };
    }

    private static NicQueueRow Row(TxQueueMapEntry e) => new(
        e.State.Queue, e.State.XpsCpus, e.State.XpsRxqs,
        [.. e.Irqs.Select(i => new NicQueueIrq(i.Irq, i.Name, i.AffinityCpus))],
        e.State.TxTimeout, e.State.BqlInflight, e.RxRpsCpus);

    private static void Render(NicQueuesResult result, IAnsiConsole console)
    {
        var table = new Table().Title($"tx queues of [bold]{Markup.Escape(result.Interface)}[/]")
            .AddColumn(new TableColumn("queue").RightAligned()).AddColumn("XPS CPUs").AddColumn("IRQ").AddColumn("IRQ CPUs")
            .AddColumn(new TableColumn("tx_timeout").RightAligned()).AddColumn(new TableColumn("BQL inflight").RightAligned());
        foreach (NicQueueRow q in result.Queues)
        {
            table.AddRow(
                $"tx-{NicStatsCommand.Num(q.Queue)}",
                q.XpsCpus is null ? "[dim]n/a[/]" : q.XpsCpus.Count == 0 ? "[dim]none[/]" : CpuSet.Format(q.XpsCpus),
                Markup.Escape(string.Join(", ", q.Irqs.Select(i => $"{i.Irq} {i.Name}"))),
                string.Join(", ", q.Irqs.Select(i => CpuSet.Format(i.AffinityCpus))),
                q.TxTimeout is > 0 ? $"[red]{NicStatsCommand.Num(q.TxTimeout)}[/]" : NicStatsCommand.Num(q.TxTimeout),
                NicStatsCommand.Num(q.BqlInflight));
        }
        console.Write(table);
        foreach (NicSenderChoice s in result.Senders)
        {
            string who = s.Tid is null ? $"CPU {s.Cpu}" : $"thread {s.Tid} ({Markup.Escape(s.Command ?? "")}) of process {s.Pid}, last ran on CPU {s.Cpu}";
            string queues = string.Join(", ", s.Queues.Select(q => $"tx-{q}"));
            console.MarkupLine($"{who} → [bold]{(s.Rule == nameof(TxQueueRule.Hash) ? "hash" : queues)}[/]: {Markup.Escape(s.Explanation)}");
            if (s.AllowedCpus is { } allowed)
            {
                string migrated = s.QueuesIfMigrated is { Count: > 0 } m ? string.Join(", ", m.Select(q => $"tx-{q}")) : "hash only";
                console.MarkupLine($"  [dim]allowed CPUs {CpuSet.Format(allowed)}; if the scheduler moves it there: {Markup.Escape(migrated)}[/]");
            }
        }
    }
}
